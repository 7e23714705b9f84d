import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawMatch } from '../../../src/domain/finding.js';
import { createDetector, detectorOptionsSchema } from '../../../src/stages/detect/engine.js';
import { resolveOverlaps } from '../../../src/stages/detect/rules/overlaps.js';

const TOKEN = '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';

describe('detector options', () => {
  it('finds nothing in clean text and reports sorted, disjoint findings', () => {
    const d = createDetector();
    expect(d.scan('Hello, my printer is broken again.')).toEqual([]);
    const found = d.scan(`Password: Welcome#2024\nGITHUB_TOKEN=${TOKEN}\nIBAN DE89 3704 0044 0532 0130 00`);
    expect(found.map((f) => f.type)).toEqual(['password', 'github_token', 'iban']);
  });

  it('disables types', () => {
    const d = createDetector({ disabledTypes: ['github_token', 'generic_api_key'] });
    expect(d.scan(`token ${TOKEN}`)).toEqual([]);
  });

  it('never reports allow-listed values or values matching an allow pattern', () => {
    expect(createDetector({ allowValues: [TOKEN] }).scan(`GITHUB_TOKEN=${TOKEN}`)).toEqual([]);
    const d = createDetector({ allowPatterns: ['DE89\\s?3704.*'] });
    expect(d.scan('IBAN DE89 3704 0044 0532 0130 00')).toEqual([]);
    // Allow patterns match the whole value, not a part of it.
    expect(createDetector({ allowPatterns: ['DE89'] }).scan('IBAN DE89 3704 0044 0532 0130 00')).toHaveLength(
      1,
    );
  });

  it('allow-listed IBANs match however they are spaced or cased, and only as a whole IBAN', () => {
    const ours = 'DE89 3704 0044 0532 0130 00';
    const theirs = 'GB29 NWBK 6016 1331 9268 19';
    for (const entry of [ours, 'DE89370400440532013000', 'de89 3704 0044 0532 0130 00']) {
      const d = createDetector({ allowValues: [entry] });
      const mail = `Paid to IBAN ${ours}, as on your invoice (DE89370400440532013000). Refund to ${theirs}.`;
      expect(d.scan(mail).map((f) => [f.type, f.value])).toEqual([['iban', theirs]]);
    }
    // Normalisation is for IBANs: other allow-listed values stay exact.
    expect(createDetector({ allowValues: [TOKEN.toLowerCase()] }).scan(`GITHUB_TOKEN=${TOKEN}`)).toHaveLength(
      1,
    );
    // A different IBAN that shares the allow-listed one's prefix is still found.
    expect(createDetector({ allowValues: ['DE89 3704 0044 0532 0130'] }).scan(`IBAN ${ours}`)).toHaveLength(
      1,
    );
  });

  it('runs custom rules with keywords and named validators', () => {
    const d = createDetector({
      customRules: [
        {
          id: 'acme-license',
          type: 'generic_api_key',
          pattern: 'ACME-([A-Z0-9]{4}-[A-Z0-9]{4})',
          group: 1,
          keywords: ['ACME-'],
          rationale: 'ACME license keys unlock paid features.',
        },
        {
          id: 'member-card',
          type: 'payment_card',
          pattern: '\\bMC(\\d{16})\\b',
          group: 1,
          validator: 'luhn',
          rationale: 'Member cards are Luhn-checked.',
        },
      ],
    });
    const found = d.scan('license ACME-AB12-CD34 and MC4929187366045578 but not MC4929187366045571');
    expect(found.map((f) => [f.ruleId, f.value])).toEqual([
      ['acme-license', 'AB12-CD34'],
      ['member-card', '4929187366045578'],
    ]);
  });

  it('rejects invalid and dangerous patterns in the schema', () => {
    const rule = { id: 'x', type: 'password', rationale: 'r' };
    expect(detectorOptionsSchema.safeParse({ customRules: [{ ...rule, pattern: '(a+)+$' }] }).success).toBe(
      false,
    );
    expect(detectorOptionsSchema.safeParse({ customRules: [{ ...rule, pattern: '(\\w*)*x' }] }).success).toBe(
      false,
    );
    expect(detectorOptionsSchema.safeParse({ customRules: [{ ...rule, pattern: '(' }] }).success).toBe(false);
    expect(detectorOptionsSchema.safeParse({ customRules: [{ ...rule, pattern: 'a*' }] }).success).toBe(
      false,
    );
    expect(
      detectorOptionsSchema.safeParse({ customRules: [{ ...rule, pattern: 'x', type: 'nope' }] }).success,
    ).toBe(false);
    expect(detectorOptionsSchema.safeParse({ allowPatterns: ['(\\d+)+'] }).success).toBe(false);
    expect(detectorOptionsSchema.safeParse({ unknownKey: 1 }).success).toBe(false);
    expect(
      detectorOptionsSchema.safeParse({ customRules: [{ ...rule, pattern: 'pw=(\\S{4,40})' }] }).success,
    ).toBe(true);
  });
});

describe('placeholders written in base64', () => {
  const detector = createDetector();
  const secret = (data: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${data}\n  api_token: ${data}\n`;

  it('are no secrets: a Kubernetes Secret holding "changeme" or "REPLACE_ME" encoded', () => {
    for (const placeholder of ['changeme', 'REPLACE_ME', 'your-db-password', '<secret>', 'xxxxxxxx'])
      expect(detector.scan(secret(Buffer.from(placeholder).toString('base64'))), placeholder).toEqual([]);
  });

  it('while a real password encoded the same way is still found', () => {
    const encoded = Buffer.from('Fietsbel2021@').toString('base64');
    const found = detector.scan(secret(encoded));
    expect(found.map((f) => f.value)).toContain(encoded);
  });
});

describe('values still to come', () => {
  it('are no secrets under any credential label or layout', () => {
    const detector = createDetector();
    for (const text of [
      'database:\n  password: TODO\n  user: app\n',
      'DB_PASSWORD=TBD\nDB_HOST=db\n',
      '[smtp]\npassword = FIXME\n',
      'user;password\nanna;N/A\n',
      'Passwort: TODO (kommt per Telefon)',
    ])
      expect(detector.scan(text), text).toEqual([]);
    // A real value beside them still counts.
    expect(detector.scan('database:\n  password: Todo-Liste#2291\n').map((f) => f.value)).toEqual([
      'Todo-Liste#2291',
    ]);
  });
});

describe('overlaps and echoes', () => {
  it('keeps the specific type and still covers the whole secret', () => {
    const d = createDetector();
    const text = `git remote set-url origin https://x-access-token:${TOKEN}@github.com/acme/site.git`;
    const found = d.scan(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.type).toBe('github_token');
    expect(found[0]?.value).toContain(TOKEN);
  });

  it('a connection string wins over the url credentials inside it', () => {
    const found = createDetector().scan('DATABASE_URL=postgres://app:Vx82!kLmq@db.internal:5432/orders');
    expect(found.map((f) => [f.type, f.value])).toEqual([
      ['connection_string', 'postgres://app:Vx82!kLmq@db.internal:5432/orders'],
    ]);
  });

  it('extends a kept span to cover a longer overlapping candidate', () => {
    const m = (start: number, end: number, confidence: number, type: RawMatch['type']): RawMatch => ({
      type,
      ruleId: type,
      start,
      end,
      confidence,
      value: '',
    });
    const text = 'x'.repeat(40);
    const out = resolveOverlaps(
      [m(10, 20, 0.9, 'jwt'), m(5, 25, 0.6, 'generic_api_key'), m(22, 30, 0.8, 'iban')],
      text,
    );
    expect(out.map((o) => [o.type, o.start, o.end])).toEqual([
      ['jwt', 5, 22],
      ['iban', 22, 30],
    ]);
  });

  it('redacts a labelled password again where it is repeated without label', () => {
    const text = 'Here it is anyway: Jx72!pLm\nRe-sending: password Jx72!pLm';
    const found = createDetector().scan(text);
    expect(found.map((f) => f.start)).toEqual([text.indexOf('Jx72'), text.lastIndexOf('Jx72')]);
  });

  it('ignores our own redaction markers quoted in a reply', () => {
    const text = '> Password: [REDACTED:password]\n> token: [REDACTED:github_token]\nthanks';
    expect(createDetector().scan(text)).toEqual([]);
  });
});

describe('properties', () => {
  const detector = createDetector();
  // Text built from fragments that look like the pieces rules key on, to reach deep into them.
  const fragment = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      'password: ',
      'Passwort ist ',
      'login a / ',
      'token=',
      'Bearer ',
      '://',
      'u:p@',
      '-----BEGIN RSA PRIVATE KEY-----\n',
      '-----END RSA PRIVATE KEY-----',
      'eyJ',
      '.',
      'AKIA',
      'ghp_',
      '4929 1873 6604 5578',
      'DE89 3704 0044 0532 0130 00',
      '536-22-8841',
      '| Password |\n',
      '\n',
      '  ',
      '[REDACTED:password]',
      TOKEN,
      'Ωñ€😀',
    ),
  );
  it('never throws, spans are in bounds, disjoint, sorted and match their values', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const found = detector.scan(text);
        let last = 0;
        for (const f of found) {
          expect(f.start).toBeGreaterThanOrEqual(last);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(f.start, f.end)).toBe(f.value);
          last = f.end;
        }
      }),
      { numRuns: 400 },
    );
  });
});
