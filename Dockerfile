# Deskguard container: SMTP on 2525, admin HTTP on 8025, state in /var/lib/deskguard.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# MALLOC_MMAP_THRESHOLD_: glibc gives big buffers (messages of megabytes) their own mappings,
# returned to the system when freed, instead of a heap that a burst of big messages fragments.
ENV NODE_ENV=production \
    MALLOC_MMAP_THRESHOLD_=131072 \
    DESKGUARD_SMTP__HOST=0.0.0.0 \
    DESKGUARD_HTTP__HOST=0.0.0.0 \
    DESKGUARD_DATA_DIR=/var/lib/deskguard/data \
    DESKGUARD_QUARANTINE__DIR=/var/lib/deskguard/quarantine
# The maildirs follow DESKGUARD_DATA_DIR (<dataDir>/mailbox, <dataDir>/notices) unless set.
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
RUN mkdir -p /var/lib/deskguard && chown node:node /var/lib/deskguard
USER node
VOLUME ["/var/lib/deskguard"]
EXPOSE 2525 8025
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8025/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains SMTP sessions and finishes work in progress before exiting.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
