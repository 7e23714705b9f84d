import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { envNameOf, ListenError, listenOrExplain } from '../../../src/adapters/listen-error.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port: number, host = '127.0.0.1'): Promise<number> {
  const s = createServer();
  servers.push(s);
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, host, () => resolve((s.address() as { port: number }).port));
  });
}

describe('a socket a setting cannot open names the setting', () => {
  it('a port in use: smtp.port and DESKGUARD_SMTP__PORT', async () => {
    const port = await listen(0);
    for (const section of ['smtp', 'http']) {
      const err = await listenOrExplain(section, { host: '127.0.0.1', port }, () => listen(port)).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(ListenError);
      const key = `${section}.port`;
      expect(err.message).toBe(
        `${key} ${port} is in use (EADDRINUSE): set ${key} or DESKGUARD_${section.toUpperCase()}__PORT`,
      );
    }
  });

  it('an address this machine does not have: the host key', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a machine.
    const err = await listenOrExplain('smtp', { host: '192.0.2.1', port: 0 }, () =>
      listen(0, '192.0.2.1'),
    ).catch((e) => e);
    expect(err.message).toBe(
      'smtp.host 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL): set smtp.host or DESKGUARD_SMTP__HOST',
    );
  });

  it('passes other errors through untouched and returns what listen returns', async () => {
    const boom = new Error('boom');
    await expect(listenOrExplain('smtp', { host: 'h', port: 1 }, () => Promise.reject(boom))).rejects.toBe(
      boom,
    );
    expect(await listenOrExplain('smtp', { host: 'h', port: 1 }, async () => 7)).toBe(7);
  });

  it('spells variables as config/default.yaml does', () => {
    expect(envNameOf('smtp.maxClients')).toBe('DESKGUARD_SMTP__MAX_CLIENTS');
    expect(envNameOf('dataDir')).toBe('DESKGUARD_DATA_DIR');
  });
});
