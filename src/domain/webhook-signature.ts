import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed webhooks: `X-Deskguard-Timestamp: <unix seconds>` and
 * `X-Deskguard-Signature: sha256=<hex HMAC-SHA-256(secret, "<timestamp>.<raw body>")>`. The timestamp
 * inside the MAC and a tolerance window stop replays of an old, valid request; within the window the
 * receiver remembers each accepted signature (single use) and applies the request to what existed
 * at its timestamp only.
 */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/** `timestamp`: the signed moment, in unix seconds. */
export type WebhookCheck = { ok: true; timestamp: number } | { ok: false; why: string };

export function verifyWebhook(opts: {
  secret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
  toleranceSeconds: number;
}): WebhookCheck {
  if (!opts.secret) return { ok: false, why: 'webhook secret not configured' };
  const ts = Number(opts.timestamp);
  if (!opts.timestamp || !Number.isInteger(ts)) return { ok: false, why: 'missing or bad timestamp' };
  if (Math.abs(opts.nowSeconds - ts) > opts.toleranceSeconds)
    return { ok: false, why: 'timestamp outside tolerance' };
  const want = Buffer.from(signWebhook(opts.secret, ts, opts.body));
  const got = Buffer.from(opts.signature ?? '');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, why: 'bad signature' };
  return { ok: true, timestamp: ts };
}
