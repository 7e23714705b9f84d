/** A listening socket could not be opened because of a setting: the message names the key to change. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/** The socket errors a setting causes: which key is to blame and what is wrong with its value. */
const EXPLAIN: Record<string, { key: 'host' | 'port'; what: string }> = {
  EADDRINUSE: { key: 'port', what: 'is in use' },
  EACCES: { key: 'port', what: 'needs privileges this process lacks' },
  EADDRNOTAVAIL: { key: 'host', what: 'is not an address of this machine' },
  ENOTFOUND: { key: 'host', what: 'does not resolve' },
};

/** smtp.maxClients → DESKGUARD_SMTP__MAX_CLIENTS, as config/default.yaml describes. */
export const envNameOf = (key: string): string =>
  `DESKGUARD_${key
    .split('.')
    .map((k) => k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase())
    .join('__')}`;

/**
 * Runs `listen` and turns the socket errors a setting causes into one line naming that setting
 * and its variable: `smtp.port 2525 is in use (EADDRINUSE): set smtp.port or DESKGUARD_SMTP__PORT`.
 * `section` is the config key above host and port (smtp, http).
 */
export async function listenOrExplain<T>(
  section: string,
  where: { host: string; port: number },
  listen: () => Promise<T>,
): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const explain = EXPLAIN[code];
    if (!explain) throw err;
    const key = `${section}.${explain.key}`;
    throw new ListenError(
      `${key} ${where[explain.key]} ${explain.what} (${code}): set ${key} or ${envNameOf(key)}`,
    );
  }
}
