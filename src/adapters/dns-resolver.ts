import { Resolver } from 'node:dns/promises';

/**
 * DNS for sender authentication. `resolve(name, rrtype)` keeps the contract of
 * `dns.promises.resolve` because mailauth (SPF, DKIM, DMARC, ARC) takes it as its `resolver` option
 * and classifies failures by `err.code`: ENOTFOUND / ENODATA mean "no such record" (SPF void lookup,
 * DKIM "no key", DMARC none); anything else (ETIMEOUT, ESERVFAIL, EREFUSED, ECONNREFUSED…) becomes a
 * temperror. So node's codes are passed through unchanged, and budget exhaustion reuses ETIMEOUT.
 */

/** Answers vary by rrtype (TXT string[][], MX {exchange, priority}[], A string[] …), as in node:dns. */
// biome-ignore lint/suspicious/noExplicitAny: mirrors dns.promises.resolve, whose answer type depends on rrtype
export type DnsAnswer = any;
export type ResolveFn = (name: string, rrtype: string) => Promise<DnsAnswer>;

export interface DnsResolverOptions {
  /** `host`, `host:port` or `[v6]:port`; empty = the system resolver. */
  servers: string[];
  /** Per query (node's Resolver, one try). */
  timeoutMs: number;
  /** Positive and negative answers are kept this long; 0 disables the cache. Default 60. */
  cacheTtlSeconds?: number;
  /** Default 10,000. */
  cacheMaxEntries?: number;
  now?: () => number;
}

export interface DnsResolver {
  resolve: ResolveFn;
  /** A view that charges DNS time to one message's budget; pass its `resolve` to mailauth. */
  forMessage(budgetMs: number): MessageResolver;
  /** Cancels queries in flight (they fail with ECANCELLED), e.g. on shutdown. */
  cancel(): void;
}

export interface MessageResolver {
  resolve: ResolveFn;
  /** Temporary failures seen (timeouts, SERVFAIL, refused, budget spent): the caller fails closed on them. */
  readonly tempFailures: number;
  readonly queries: number;
  /** Milliseconds during which at least one query of this message was in flight. */
  readonly spentMs: number;
}

/** Codes that say the record does not exist: safe to cache, not a temporary failure. */
const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA']);
/** Bad arguments (a programming error, not the sender's doing): permanent, never cached. */
const INVALID_QUERY = new Set(['EBADQUERY', 'EBADFAMILY']);

/** Anything not known to be permanent counts as temporary, so unknown failures fail closed. */
export const isTemporaryDnsError = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && (NEGATIVE.has(code) || INVALID_QUERY.has(code)));
};

export const dnsError = (code: string, name: string, rrtype: string): Error =>
  Object.assign(new Error(`query${rrtype} ${code} ${name}`), { code, hostname: name });

type Entry = { expires: number; ok: true; value: unknown } | { expires: number; ok: false; code: string };

export function createDnsResolver(opts: DnsResolverOptions): DnsResolver {
  const now = opts.now ?? Date.now;
  const ttlMs = (opts.cacheTtlSeconds ?? 60) * 1000;
  const maxEntries = opts.cacheMaxEntries ?? 10_000;
  const resolver = new Resolver({ timeout: opts.timeoutMs, tries: 1 });
  if (opts.servers.length > 0) resolver.setServers(opts.servers);

  // Map keeps insertion order: re-inserting on a hit and evicting the first key gives LRU-ish order.
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry>>();

  const store = (key: string, entry: Entry): Entry => {
    if (ttlMs <= 0) return entry;
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return entry;
  };

  const lookup = async (name: string, rrtype: string): Promise<Entry> => {
    try {
      const value: unknown = await resolver.resolve(name, rrtype);
      return store(`${rrtype}:${name}`, { expires: now() + ttlMs, ok: true, value });
    } catch (err) {
      let code = String((err as { code?: unknown }).code ?? 'EUNKNOWN');
      // c-ares refuses to send names it cannot encode (a label over 63 octets, ':', '/', spaces):
      // such a name can never resolve, and RFC 7208 4.3/4.8 treat malformed names as non-existent.
      // Passed through, mailauth would call it a temperror and a sender could never get past it.
      if (code === 'EBADNAME') code = 'ENOTFOUND';
      const entry: Entry = { expires: now() + ttlMs, ok: false, code };
      // Temporary failures are never cached: the next message (or retry) must ask again.
      return NEGATIVE.has(code) ? store(`${rrtype}:${name}`, entry) : entry;
    }
  };

  // Callers get copies and fresh errors: mailauth sorts MX lists in place and decorates errors
  // (err.spfResult), which must not leak into the cache or into a coalesced sibling query.
  const settle = (entry: Entry, name: string, rrtype: string): unknown => {
    if (entry.ok) return structuredClone(entry.value);
    throw dnsError(entry.code, name, rrtype);
  };

  const resolve: ResolveFn = async (rawName, rawType) => {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    const rrtype = rawType.toUpperCase();
    const key = `${rrtype}:${name}`;
    const cached = cache.get(key);
    if (cached && cached.expires > now()) {
      cache.delete(key);
      cache.set(key, cached);
      return settle(cached, name, rrtype);
    }
    if (cached) cache.delete(key);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = lookup(name, rrtype).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return settle(await pending, name, rrtype);
  };

  return {
    resolve,
    forMessage: (budgetMs) => messageView(resolve, budgetMs, now),
    cancel: () => resolver.cancel(),
  };
}

/**
 * Budget accounting counts the time during which at least one query is in flight, so parallel
 * lookups (SPF asks A and AAAA together) are not charged twice and CPU work between lookups is free.
 */
function messageView(resolve: ResolveFn, budgetMs: number, now: () => number): MessageResolver {
  let spent = 0;
  let active = 0;
  let busySince = 0;
  let tempFailures = 0;
  let queries = 0;
  // Set when a query is cut at the budget: the timer may fire a fraction of a millisecond before
  // the clock shows the budget used up (timers run on the event loop's coarser clock), and the
  // next query must still fail at once rather than be asked with what looks like time left.
  let exhausted = false;
  const spentNow = () => spent + (active > 0 ? now() - busySince : 0);

  const view: ResolveFn = async (name, rrtype) => {
    queries++;
    const remaining = budgetMs - spentNow();
    if (exhausted || remaining <= 0) {
      tempFailures++;
      throw dnsError('ETIMEOUT', name, rrtype);
    }
    if (active++ === 0) busySince = now();
    let timer: NodeJS.Timeout | undefined;
    // A slow answer cannot stretch the message past its budget: race it against what is left.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        exhausted = true;
        reject(dnsError('ETIMEOUT', name, rrtype));
      }, remaining);
    });
    try {
      return await Promise.race([resolve(name, rrtype), deadline]);
    } catch (err) {
      if (isTemporaryDnsError(err)) tempFailures++;
      throw err;
    } finally {
      clearTimeout(timer);
      if (--active === 0) spent += now() - busySince;
    }
  };

  return {
    resolve: view,
    get tempFailures() {
      return tempFailures;
    },
    get queries() {
      return queries;
    },
    get spentMs() {
      return spentNow();
    },
  };
}
