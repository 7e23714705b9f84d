import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsResolver } from '../../../src/adapters/dns-resolver.js';
import { startDnsServer, type TestDnsServer, type Zone } from '../../helpers/dns-server.js';

const zone: Zone = {
  'example.test': [
    { TXT: 'v=spf1 -all' },
    { TXT: ['part one ', 'part two'] },
    { A: '192.0.2.1' },
    { MX: [10, 'mx.example.test'] },
  ],
  'long.example.test': [{ TXT: 'x'.repeat(600) }],
  'alias.example.test': [{ CNAME: 'example.test' }],
  '1.2.0.192.in-addr.arpa': [{ PTR: 'host.example.test.' }],
  'v6.example.test': [{ AAAA: '2001:db8::1' }],
  'slow.example.test': ['TIMEOUT'],
  'broken.example.test': ['SERVFAIL'],
};

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (err: { code?: string }) => err.code,
  );
const countFor = (server: TestDnsServer, name: string) =>
  server.queries.filter((q) => q.name === name).length;

describe('createDnsResolver', () => {
  let server: TestDnsServer;
  beforeAll(async () => {
    server = await startDnsServer(zone);
  });
  afterAll(() => server.close());

  const make = (over: Partial<Parameters<typeof createDnsResolver>[0]> = {}) =>
    createDnsResolver({ servers: [server.address], timeoutMs: 300, ...over });

  it('answers each type in the shape of dns.promises.resolve', async () => {
    const dns = make({ cacheTtlSeconds: 0 });
    expect(await dns.resolve('example.test', 'TXT')).toEqual([['v=spf1 -all'], ['part one ', 'part two']]);
    expect(await dns.resolve('example.test', 'A')).toEqual(['192.0.2.1']);
    // Node 24 adds `type: 'MX'` to each record, as dns.promises.resolve does there: not part of the contract.
    expect(await dns.resolve('example.test', 'MX')).toEqual([
      expect.objectContaining({ exchange: 'mx.example.test', priority: 10 }),
    ]);
    expect(await dns.resolve('v6.example.test', 'AAAA')).toEqual(['2001:db8::1']);
    expect(await dns.resolve('1.2.0.192.in-addr.arpa', 'PTR')).toEqual(['host.example.test']);
    expect(await dns.resolve('alias.example.test', 'A')).toEqual(['192.0.2.1']);
    // A long TXT arrives as 255-octet strings (callers such as mailauth join them); at over 512
    // octets the UDP answer is truncated and c-ares retries over the server's TCP side.
    const long = (await dns.resolve('long.example.test', 'TXT')) as string[][];
    expect(long[0]?.map((s) => s.length)).toEqual([255, 255, 90]);
  });

  it('tells NXDOMAIN (ENOTFOUND) from NODATA (ENODATA)', async () => {
    const dns = make();
    expect(await codeOf(dns.resolve('nowhere.example.test', 'TXT'))).toBe('ENOTFOUND');
    expect(await codeOf(dns.resolve('v6.example.test', 'TXT'))).toBe('ENODATA');
  });

  it('reports a name c-ares cannot encode (label over 63 octets, spaces) as ENOTFOUND, not temporary', async () => {
    const msg = make().forMessage(1_000);
    expect(await codeOf(msg.resolve(`${'a'.repeat(64)}.example.test`, 'A'))).toBe('ENOTFOUND');
    expect(await codeOf(msg.resolve('with space.example.test', 'TXT'))).toBe('ENOTFOUND');
    expect(msg.tempFailures).toBe(0);
  });

  it('turns an unanswered query into ETIMEOUT after timeoutMs, asking once', async () => {
    // Two resolvers wait for the same silent server side by side: the one with the shorter
    // timeoutMs gives up first (an order, which a loaded machine keeps, not a duration).
    const before = countFor(server, 'slow.example.test');
    const settled: string[] = [];
    await Promise.all(
      [2_000, 200].map((timeoutMs) =>
        codeOf(make({ timeoutMs }).resolve('slow.example.test', 'TXT')).then((code) =>
          settled.push(`${timeoutMs}: ${code}`),
        ),
      ),
    );
    expect(settled).toEqual(['200: ETIMEOUT', '2000: ETIMEOUT']);
    expect(countFor(server, 'slow.example.test') - before).toBe(2); // one each: no retries
  });

  it('passes SERVFAIL on as ESERVFAIL and never caches it', async () => {
    const dns = make();
    expect(await codeOf(dns.resolve('broken.example.test', 'TXT'))).toBe('ESERVFAIL');
    const before = countFor(server, 'broken.example.test');
    expect(await codeOf(dns.resolve('broken.example.test', 'TXT'))).toBe('ESERVFAIL');
    expect(countFor(server, 'broken.example.test')).toBeGreaterThan(before);
  });

  it('serves answers and NXDOMAIN from the cache until the TTL runs out', async () => {
    let clock = 1_000_000;
    const dns = make({ cacheTtlSeconds: 60, now: () => clock });
    await dns.resolve('Example.Test.', 'TXT');
    await codeOf(dns.resolve('gone.example.test', 'A'));
    const txt = countFor(server, 'example.test');
    const gone = countFor(server, 'gone.example.test');
    expect(await dns.resolve('example.test', 'TXT')).toHaveLength(2);
    expect(await codeOf(dns.resolve('gone.example.test', 'A'))).toBe('ENOTFOUND');
    expect(countFor(server, 'example.test')).toBe(txt);
    expect(countFor(server, 'gone.example.test')).toBe(gone);
    clock += 61_000;
    await dns.resolve('example.test', 'TXT');
    expect(countFor(server, 'example.test')).toBe(txt + 1);
  });

  it('hands out copies, so a caller that sorts or decorates cannot corrupt the cache', async () => {
    const dns = make();
    const first = (await dns.resolve('example.test', 'TXT')) as string[][];
    first.reverse();
    expect(await dns.resolve('example.test', 'TXT')).toEqual([['v=spf1 -all'], ['part one ', 'part two']]);
    const err1 = await dns.resolve('gone2.example.test', 'A').catch((e: Error) => e);
    Object.assign(err1, { spfResult: 'x' });
    const err2 = await dns.resolve('gone2.example.test', 'A').catch((e: Error) => e);
    expect(err2).not.toBe(err1);
    expect(err2).not.toHaveProperty('spfResult');
  });

  it('coalesces concurrent identical queries and evicts beyond cacheMaxEntries', async () => {
    const dns = make({ cacheMaxEntries: 1 });
    const before = countFor(server, 'v6.example.test');
    await Promise.all([1, 2, 3].map(() => dns.resolve('v6.example.test', 'AAAA')));
    expect(countFor(server, 'v6.example.test')).toBe(before + 1);
    await dns.resolve('example.test', 'A'); // pushes v6 out of a one-entry cache
    await dns.resolve('v6.example.test', 'AAAA');
    expect(countFor(server, 'v6.example.test')).toBe(before + 2);
  });

  it('accepts host:port and bracketed IPv6 server entries', async () => {
    // Only parsed, never queried: tests send DNS to 127.0.0.1 alone. A name is not an address.
    expect(() => createDnsResolver({ servers: ['[::1]:5353', '127.0.0.1'], timeoutMs: 300 })).not.toThrow();
    expect(() => createDnsResolver({ servers: ['dns.example.org:53'], timeoutMs: 300 })).toThrow();
    expect(await make({ servers: [`127.0.0.1:${server.port}`] }).resolve('example.test', 'A')).toEqual([
      '192.0.2.1',
    ]);
  });

  describe('forMessage', () => {
    it('counts queries and temporary failures, not NXDOMAIN', async () => {
      const msg = make().forMessage(5_000);
      await msg.resolve('example.test', 'A');
      await codeOf(msg.resolve('nowhere.example.test', 'A'));
      await codeOf(msg.resolve('broken.example.test', 'A'));
      expect(msg.queries).toBe(3);
      expect(msg.tempFailures).toBe(1);
    });

    it('fails every query at once with ETIMEOUT once the budget is spent', async () => {
      const msg = make({ timeoutMs: 2_000 }).forMessage(250);
      // The server never answers: the query is cut at the budget (250 ms), before the same query
      // without a budget times out (timeoutMs, 2 s) beside it.
      const settled: string[] = [];
      await Promise.all([
        codeOf(make({ timeoutMs: 2_000 }).resolve('slow.example.test', 'TXT')).then((c) =>
          settled.push(`timeout: ${c}`),
        ),
        codeOf(msg.resolve('slow.example.test', 'TXT')).then((c) => settled.push(`budget: ${c}`)),
      ]);
      expect(settled).toEqual(['budget: ETIMEOUT', 'timeout: ETIMEOUT']);
      // Spent: the next query fails without being asked at all.
      const asked = countFor(server, 'example.test');
      expect(await codeOf(msg.resolve('example.test', 'A'))).toBe('ETIMEOUT');
      expect(countFor(server, 'example.test')).toBe(asked);
      expect(msg.tempFailures).toBe(2);
      expect(msg.queries).toBe(2);
      expect(msg.spentMs).toBeGreaterThanOrEqual(240);
    });

    it('counts the budget spent once a query is cut at it, even when the clock shows a little left', async () => {
      // A clock that lags the timers: it never shows the 100 ms the budget timer waited.
      let clock = 0;
      const msg = make({ timeoutMs: 2_000, now: () => clock }).forMessage(100);
      const cut = msg.resolve('slow.example.test', 'TXT');
      clock = 99;
      expect(await codeOf(cut)).toBe('ETIMEOUT');
      const asked = countFor(server, 'example.test');
      expect(await codeOf(msg.resolve('example.test', 'A'))).toBe('ETIMEOUT');
      expect(countFor(server, 'example.test')).toBe(asked);
      expect(msg.tempFailures).toBe(2);
    });

    it('is usable as a detached function (mailauth calls resolver(name, type))', async () => {
      const { resolve } = make().forMessage(1_000);
      expect(await resolve('example.test', 'A')).toEqual(['192.0.2.1']);
    });
  });

  it('sees a server in servfail or silent mode as temporary failures', async () => {
    const other = await startDnsServer(zone, { mode: 'servfail' });
    try {
      const msg = createDnsResolver({ servers: [other.address], timeoutMs: 200 }).forMessage(2_000);
      expect(await codeOf(msg.resolve('example.test', 'A'))).toBe('ESERVFAIL');
      other.setMode('silent');
      expect(await codeOf(msg.resolve('example.test', 'TXT'))).toBe('ETIMEOUT');
      expect(msg.tempFailures).toBe(2);
    } finally {
      await other.close();
    }
  });
});
