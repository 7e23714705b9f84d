import type { Config } from './config-schema.js';

/** The base of links to the admin HTTP server: http.publicUrl, else the address it listens on. */
export function publicBase(config: Pick<Config, 'http'>, port = config.http.port): string {
  if (config.http.publicUrl) return config.http.publicUrl.replace(/\/+$/, '');
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  return `http://${host}:${port}`;
}
