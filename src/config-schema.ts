import { z } from 'zod';
import { SECRET_TYPES, UNSCANNABLE_TYPES } from './domain/finding.js';
import { customRuleSchema } from './stages/detect/engine.js';

// The schema has no defaults of its own: config/default.yaml is the single source of them, so the
// reference an admin reads cannot drift from what the gateway does.

const port = z.number().int().min(0).max(65535);
const seconds = z.number().positive();
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:]+)(:\d{1,5})?$/, 'expected host or host:port');
const recipient = z
  .string()
  .regex(/^([^\s@]+@[^\s@]+|@[^\s@]+)$/, 'expected an address (support@example.com) or @domain')
  .transform((s) => s.toLowerCase());
const smtpTarget = z.strictObject({ host: z.string().min(1), port });

export const configSchema = z.strictObject({
  smtp: z.strictObject({
    host: z.string().min(1),
    port,
    hostname: z.string(),
    recipients: z.array(recipient).min(1, 'at least one recipient must be accepted'),
    maxMessageBytes: z.number().int().min(1024),
    maxHeaderBytes: z.number().int().min(1024),
    maxHeaderFields: z.number().int().min(16),
    maxRecipients: z.number().int().min(1),
    maxClients: z.number().int().min(1),
    maxConnectionsPerIp: z.number().int().min(1),
    messagesPerMinutePerIp: z.number().int().min(0),
    timeouts: z.strictObject({
      idleSeconds: seconds,
      commandSeconds: seconds,
      sessionSeconds: seconds,
      shutdownGraceSeconds: z.number().min(0),
    }),
    progress: z.strictObject({
      commandPhaseSeconds: seconds,
      maxCommands: z.number().int().min(1),
      maxIdleCommands: z.number().int().min(0),
      minCommandBytesPerSecond: z.number().min(0),
      minDataBytesPerSecond: z.number().min(0),
      rateWindowSeconds: seconds,
      shedAfterSeconds: z.number().min(0),
    }),
    tls: z.strictObject({ key: z.string(), cert: z.string() }),
    trustedRelays: z.array(z.ipv4().or(z.ipv6())),
    proxyProtocol: z.boolean(),
  }),
  http: z.strictObject({
    enabled: z.boolean(),
    host: z.string().min(1),
    port,
    webhookSecret: z.string(),
    webhookToleranceSeconds: z.number().int().min(1),
    publicUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
    metricsToken: z.string(),
    signIn: z.strictObject({
      maxFailures: z.number().int().min(1).max(100),
      lockMinutes: z.number().min(1),
      attemptsPerMinute: z.number().int().min(1),
      sessionHours: z
        .number()
        .positive()
        .max(24 * 30),
      idleMinutes: z.number().positive(),
    }),
    requestsPerMinute: z.number().int().min(1),
  }),
  dataDir: z.string().min(1),
  spool: z.strictObject({
    fsync: z.boolean(),
    minFreeBytes: z.number().int().min(0),
    inlineMaxBytes: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024),
  }),
  pipeline: z.strictObject({
    concurrency: z.number().int().min(1).max(64),
    memoryBudgetBytes: z
      .number()
      .int()
      .min(1024 * 1024),
    stageTimeoutSeconds: seconds,
    maxAttempts: z.number().int().min(1),
    yieldToIntake: z.strictObject({ quietMs: z.number().int().min(0), maxSeconds: z.number().min(0) }),
    parse: z.strictObject({
      maxParts: z.number().int().min(1),
      maxDepth: z.number().int().min(1),
    }),
  }),
  detect: z.strictObject({
    enabled: z.boolean(),
    workers: z.number().int().min(0).max(16),
    rulesFile: z.string(),
    allowValues: z.array(z.string().min(1)),
    allowPatterns: z.array(
      z.string().refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression'),
    ),
    limits: z.strictObject({
      maxDepth: z.number().int().positive(),
      maxEntries: z.number().int().positive(),
      maxEntryBytes: z.number().int().positive(),
      maxTotalBytes: z.number().int().positive(),
      maxRatio: z.number().positive(),
      ratioFloorBytes: z.number().int().nonnegative(),
      maxPdfPages: z.number().int().positive(),
      maxPdfBytes: z.number().int().positive(),
      maxTextBytesPerUnit: z.number().int().positive(),
      timeBudgetMs: z.number().int().positive(),
    }),
  }),
  policy: z.strictObject({
    default: z.enum(['redact', 'hold']),
    types: z
      .partialRecord(z.enum([...SECRET_TYPES, ...UNSCANNABLE_TYPES]), z.enum(['redact', 'hold', 'allow']))
      .refine(
        (t) => UNSCANNABLE_TYPES.every((u) => t[u] !== 'allow'),
        'unscannable parts can be redacted (removed) or held, not allowed through',
      ),
  }),
  quarantine: z.strictObject({
    dir: z.string().min(1),
    keyFile: z.string(),
    retentionDays: z.number().positive(),
    purgeIntervalSeconds: seconds,
  }),
  delivery: z.strictObject({
    mode: z.enum(['maildir', 'smtp']),
    maildir: z.string().min(1),
    smtp: z.strictObject({
      host: z.string().min(1),
      port,
      secure: z.boolean(),
      requireTls: z.boolean(),
      rejectUnauthorized: z.boolean(),
      user: z.string(),
      pass: z.string(),
      rcptTo: z.array(z.email()),
      maxConnections: z.number().int().min(1),
      timeoutSeconds: seconds,
    }),
    concurrency: z.number().int().min(1).max(64),
    retry: z
      .strictObject({
        minDelaySeconds: seconds,
        maxDelaySeconds: seconds,
        maxAgeHours: z.number().positive(),
      })
      .refine((r) => r.maxDelaySeconds >= r.minDelaySeconds, {
        message: 'maxDelaySeconds must not be below minDelaySeconds',
        path: ['maxDelaySeconds'],
      }),
  }),
  notify: z.strictObject({
    enabled: z.boolean(),
    from: z.string().min(1),
    mode: z.enum(['maildir', 'smtp']),
    maildir: z.string().min(1),
    smtp: smtpTarget,
    secureChannelUrl: z.url({ protocol: /^https?$/ }),
    pgp: z.strictObject({ fingerprint: z.string(), url: z.string() }),
    language: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'a language tag such as en or de'),
    detectLanguage: z.boolean(),
    templateDir: z.string(),
    windowMinutes: z.number().min(0),
  }),
  upload: z.strictObject({
    enabled: z.boolean(),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 ** 3),
    linkDays: z.number().positive().max(365),
    requestsPerMinute: z.number().int().min(1),
  }),
  alerts: z.strictObject({
    to: z.array(z.string().min(3)),
    digestHours: z
      .number()
      .positive()
      .max(24 * 7),
    maildir: z.string().min(1),
  }),
  staff: z.strictObject({
    domains: z.array(
      z
        .string()
        .min(1)
        .transform((s) => s.toLowerCase()),
    ),
    displayNames: z.array(z.string().min(1)),
    lookalikeDistance: z.number().int().min(0).max(3),
  }),
  auth: z.strictObject({
    enabled: z.boolean(),
    authservId: z.string(),
    maxAddressFieldBytes: z.number().int().min(256),
    actions: z.strictObject({
      staffDomainReject: z.enum(['reject', 'hold']),
      staffDomain: z.enum(['reject', 'hold']),
      impostor: z.enum(['reject', 'hold']),
    }),
    arcSeal: z.strictObject({
      enabled: z.boolean(),
      domain: z.string(),
      selector: z.string(),
      keyFile: z.string(),
    }),
  }),
  dns: z.strictObject({
    servers: z.array(hostPort),
    timeoutMs: z.number().int().min(1),
    budgetMs: z.number().int().min(1),
    cacheTtlSeconds: z.number().int().min(0),
  }),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
});

export type Config = z.infer<typeof configSchema>;

/** The custom rules file (`detect.rulesFile`, config/rules.yaml): rules with their own samples. */
export const rulesFileSchema = z.strictObject({
  rules: z
    .array(
      customRuleSchema.extend({
        samples: z
          .strictObject({ match: z.array(z.string()).default([]), noMatch: z.array(z.string()).default([]) })
          .optional(),
      }),
    )
    .default([]),
});
