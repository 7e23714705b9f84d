import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsResolver } from '../../../src/adapters/dns-resolver.js';
import { senderReachable } from '../../../src/workflows/sender-reachable.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';

describe('senderReachable: may a notice go to the envelope sender?', () => {
  let server: TestDnsServer;
  let resolve: (address: string) => Promise<boolean | undefined>;
  beforeAll(async () => {
    server = await startDnsServer({
      'mx.test': [{ MX: [10, 'mail.mx.test'] }],
      'aonly.test': [{ A: '192.0.2.1' }],
      'v6only.test': [{ AAAA: '2001:db8::1' }],
      'nullmx.test': [{ MX: [0, '.'] }, { A: '192.0.2.1' }],
      'txtonly.test': [{ TXT: 'v=spf1 -all' }],
      'xn--bcher-kva.test': [{ MX: [10, 'mail.mx.test'] }],
      'slow.test': ['TIMEOUT'],
      'broken.test': ['SERVFAIL'],
    });
    const dns = createDnsResolver({ servers: [server.address], timeoutMs: 300, cacheTtlSeconds: 0 });
    resolve = (address) => senderReachable(dns.forMessage(2000).resolve, address);
  });
  afterAll(() => server.close());

  it.each<[string, boolean | undefined, string]>([
    ['jane@mx.test', true, 'MX'],
    ['jane@aonly.test', true, 'no MX, an A record (implicit MX)'],
    ['jane@v6only.test', true, 'no MX, an AAAA record'],
    ['jane@bücher.test', true, 'an IDN, asked for in A-labels'],
    ['jane@nxdomain.test', false, 'no such domain'],
    ['jane@nullmx.test', false, 'null MX (RFC 7505), whatever its A record says'],
    ['jane@txtonly.test', false, 'neither MX nor address'],
    ['jane@slow.test', undefined, 'DNS timeout: unknown, not a reason to skip'],
    ['jane@broken.test', undefined, 'SERVFAIL: unknown'],
  ])('%s → %s (%s)', async (address, expected) => {
    expect(await resolve(address)).toBe(expected);
  });

  it.each([
    'ja\u202Ene@mx.test', // right-to-left override
    'jane\u200B@mx.test', // zero-width space
    'jane@m\u200Dx.test', // zero-width joiner in the domain
    '"jane doe"@mx.test',
    'jane%elsewhere.test@mx.test',
    'jane@[192.0.2.1]',
    'jane@mx.test\u0000',
    'jane',
  ])('never looks up an address that is not clean: %j', async (address) => {
    const before = server.queries.length;
    expect(await resolve(address)).toBe(false);
    expect(server.queries.length).toBe(before);
  });

  it('has no opinion about the null sender', async () => {
    expect(await resolve('')).toBeUndefined();
  });
});
