import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminHttp, createAdminHttp, type Health } from '../../../src/admin/http.js';
import { signWebhook, verifyWebhook } from '../../../src/domain/webhook-signature.js';

let http: AdminHttp | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

async function start(solved: string[], asOfs: number[] = []) {
  const used = new Set<string>();
  http = createAdminHttp({
    registry: new Registry(),
    health: async () => ({ status: 'ok' }),
    webhook: {
      secret: 's3cret-hook',
      toleranceSeconds: 300,
      solveTicket: async (id, _actor, asOf) => {
        if (id === 'nope') return 'unknown';
        if (id === 'boom') throw new Error('database failed');
        solved.push(id);
        asOfs.push(asOf);
        return 'solved';
      },
      claimSignature: async (sig) => !used.has(sig) && Boolean(used.add(sig)),
      releaseSignature: async (sig) => void used.delete(sig),
    },
  });
  return `http://127.0.0.1:${await http.listen('127.0.0.1', 0)}`;
}

const post = (base: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}/api/webhooks/ticket-solved`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('signed ticket webhook', () => {
  it('solves the ticket for a correctly signed, fresh request', async () => {
    const solved: string[] = [];
    const base = await start(solved);
    const body = JSON.stringify({ ticket: '42' });
    const ts = Math.floor(Date.now() / 1000);
    const res = await post(base, body, {
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': signWebhook('s3cret-hook', ts, body),
    });
    expect(res.status).toBe(200);
    expect(solved).toEqual(['42']);
  });

  it('refuses a wrong signature, a tampered body, a stale timestamp and no signature', async () => {
    const solved: string[] = [];
    const base = await start(solved);
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ ticket: '42' });
    const sig = signWebhook('s3cret-hook', ts, body);
    const cases: Array<[string, Record<string, string>]> = [
      [
        body,
        { 'x-deskguard-timestamp': String(ts), 'x-deskguard-signature': signWebhook('other', ts, body) },
      ],
      [
        JSON.stringify({ ticket: '43' }),
        { 'x-deskguard-timestamp': String(ts), 'x-deskguard-signature': sig },
      ],
      [
        body,
        {
          'x-deskguard-timestamp': String(ts - 3600),
          'x-deskguard-signature': signWebhook('s3cret-hook', ts - 3600, body),
        },
      ],
      [body, {}],
    ];
    for (const [b, h] of cases) expect((await post(base, b, h)).status).toBe(401);
    expect(solved).toEqual([]);
  });

  it('answers 404 for an unknown ticket and serves healthz and metrics', async () => {
    const base = await start([]);
    const body = JSON.stringify({ ticket: 'nope' });
    const ts = Math.floor(Date.now() / 1000);
    const res = await post(base, body, {
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': signWebhook('s3cret-hook', ts, body),
    });
    expect(res.status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).headers.get('content-type')).toContain('text/plain');
  });

  it('healthz answers 503 with the reason while the gateway is degraded or stopping', async () => {
    let health: Health = { status: 'degraded', reason: 'database locked (SQLITE_BUSY)' };
    http = createAdminHttp({ registry: new Registry(), health: async () => health });
    const base = `http://127.0.0.1:${await http.listen('127.0.0.1', 0)}`;
    const degraded = await fetch(`${base}/healthz`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toEqual({ status: 'degraded', reason: 'database locked (SQLITE_BUSY)' });
    health = { status: 'stopping', reason: 'shutting down' };
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    health = { status: 'ok' };
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
  });

  it('verifyWebhook explains each refusal', () => {
    const base = { secret: 'k', body: Buffer.from('{}'), nowSeconds: 1000, toleranceSeconds: 60 };
    expect(verifyWebhook({ ...base, secret: '', timestamp: '1000', signature: 'x' })).toEqual({
      ok: false,
      why: 'webhook secret not configured',
    });
    expect(verifyWebhook({ ...base, timestamp: 'abc', signature: 'x' }).ok).toBe(false);
    expect(verifyWebhook({ ...base, timestamp: '1000', signature: signWebhook('k', 1000, '{}') })).toEqual({
      ok: true,
      timestamp: 1000,
    });
  });

  it('accepts a signed request once: a replay is refused (409), and the solve is as of the signed time', async () => {
    const solved: string[] = [];
    const asOfs: number[] = [];
    const base = await start(solved, asOfs);
    const body = JSON.stringify({ ticket: '42' });
    const ts = Math.floor(Date.now() / 1000) - 10;
    const headers = {
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': signWebhook('s3cret-hook', ts, body),
    };
    expect((await post(base, body, headers)).status).toBe(200);
    const replay = await post(base, body, headers);
    expect(replay.status).toBe(409);
    expect(solved).toEqual(['42']);
    expect(asOfs).toEqual([ts * 1000]);
  });

  it('forgets the signature of a request that failed, so the helpdesk can retry it', async () => {
    const base = await start([]);
    const body = JSON.stringify({ ticket: 'boom' });
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'x-deskguard-timestamp': String(ts),
      'x-deskguard-signature': signWebhook('s3cret-hook', ts, body),
    };
    expect((await post(base, body, headers)).status).toBe(500);
    expect((await post(base, body, headers)).status).toBe(500);
  });
});
