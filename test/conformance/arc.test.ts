import { readFileSync } from 'node:fs';
import { arc } from 'mailauth/lib/arc/index.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createDnsResolver, type ResolveFn } from '../../src/adapters/dns-resolver.js';
import { startDnsServer, type TestDnsServer, type Zone } from '../helpers/dns-server.js';
import { conformanceDir } from './data-dir.js';

/**
 * The ValiMail ARC validation suite through mailauth, wired the way mailauth's authenticate() does
 * it: dkimVerify() parses the message and collects the ARC sets, arc() validates the chain. SPF,
 * DMARC and BIMI play no part in the chain result, so they are left out. Keys come from each
 * scenario's `txt-records`, served by our DNS server on 127.0.0.1 through our resolver adapter.
 *
 * Time: the suite was signed in 2017 but no signature carries x= (expiry), and mailauth only
 * rejects t= in the future, so nothing needs freezing.
 * Expected `cv` is Pass/Fail/None; three tests leave it blank: their newest seal already says
 * cv=fail, so any result but pass is accepted there.
 */

const FILE = conformanceDir('arc-valimail', 'arc-draft-validation-tests.yml');

/** Test id → what mailauth 4.13.3 returns instead of the expected cv, and why. */
const KNOWN_DEVIATIONS: Record<string, { got: string; why: string }> = {
  as_format_inv_tag_key: {
    got: 'pass',
    why: "mailauth's tag-list parser skips an invalid tag name ('_=') in ARC-Seal",
  },
  as_format_tags_dup: {
    got: 'pass',
    why: 'mailauth keeps one of two s= tags in ARC-Seal instead of failing',
  },
  as_format_tags_key_case: {
    got: 'pass',
    why: 'mailauth lower-cases tag names, so S= is read as s= (tags are case-sensitive)',
  },
  as_format_tags_sc: { got: 'pass', why: "mailauth tolerates an empty tag (';;') in ARC-Seal" },
};

interface ArcCase {
  message: string;
  cv: string;
  description?: string;
}
interface Scenario {
  description: string;
  tests: Record<string, ArcCase>;
  'txt-records'?: Record<string, string>;
}

const scenarios = parseAllDocuments(readFileSync(FILE, 'utf8'), { uniqueKeys: false })
  .map((doc) => doc.toJS() as Scenario | null)
  .filter((s): s is Scenario => s !== null);

const accepts = (cv: string, got: string) =>
  cv.trim() === '' ? got !== 'pass' : cv.trim().toLowerCase() === got;

async function validate(message: string, resolve: ResolveFn) {
  // The suite's messages use bare LF (YAML block scalars); SMTP delivers CRLF.
  const raw = Buffer.from(message.replace(/\r?\n/g, '\r\n'));
  const dkim = await dkimVerify(raw, { resolver: resolve });
  // `arc` is a non-enumerable property of the result that mailauth's typings leave out.
  const result = await arc((dkim as unknown as { arc: Parameters<typeof arc>[0] }).arc, {
    resolver: resolve,
  });
  return result.status.result;
}

describe('ValiMail ARC validation suite through mailauth', () => {
  const servers: TestDnsServer[] = [];
  const outcomes = new Map<string, { cv: string; got: string }>();

  beforeAll(async () => {
    await Promise.all(
      scenarios.map(async (scenario) => {
        const zone: Zone = {};
        for (const [name, txt] of Object.entries(scenario['txt-records'] ?? {})) zone[name] = [{ TXT: txt }];
        const server = await startDnsServer(zone);
        servers.push(server);
        const dns = createDnsResolver({ servers: [server.address], timeoutMs: 1_000 });
        await Promise.all(
          Object.entries(scenario.tests).map(async ([id, t]) => {
            outcomes.set(id, { cv: String(t.cv ?? ''), got: await validate(t.message ?? '', dns.resolve) });
          }),
        );
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    const all = [...outcomes];
    const passed = all.filter(([, o]) => accepts(o.cv, o.got)).length;
    const deviating = all.filter(([id, o]) => KNOWN_DEVIATIONS[id]?.got === o.got).length;
    console.log(`ARC validation: ${all.length} tests, ${passed} passed, ${deviating} known deviations`);
  });

  for (const scenario of scenarios) {
    describe(scenario.description, () => {
      for (const id of Object.keys(scenario.tests)) {
        const known = KNOWN_DEVIATIONS[id];
        it(known ? `${id} (known deviation: ${known.got})` : id, () => {
          const o = outcomes.get(id);
          expect(o).toBeDefined();
          if (known) {
            // Still deviating the same way; if this fails, mailauth changed: update the list.
            expect(accepts(o?.cv ?? '', o?.got ?? '')).toBe(false);
            expect(o?.got).toBe(known.got);
          } else {
            expect(accepts(o?.cv ?? '', o?.got ?? ''), `cv ${o?.cv}, mailauth returned ${o?.got}`).toBe(true);
          }
        });
      }
    });
  }
});
