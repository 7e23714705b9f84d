import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRuleDetector } from '../../../src/stages/detect/engine.js';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { RULES } from '../../../src/stages/detect/rules/index.js';
import type { Rule } from '../../../src/stages/detect/rules/rule.js';

// The engine skips a rule when the text cannot hold one of its values: too few digits for
// `minDigits`, or none of its keywords. These tests hold each gate to the rule it gates.

const digitRules = RULES.filter((r) => (r.minDigits ?? 0) > 0);
const digits = (s: string) => s.replace(/[^0-9]/g, '').length;

// Characters the digit rules' patterns are made of: digits, their separators, the letters of
// NIE/NINO/HETU/RUT/IBAN shapes.
const piece = fc.constantFrom(
  ...'0123456789012345678901234567890123456789'.split(''),
  ' ',
  '.',
  '-',
  '+',
  '/',
  'A',
  'B',
  'X',
  'K',
  'k',
  'Z',
  'DE',
  'NL',
  '\n',
);

describe('digit gates', () => {
  it('gate the rules that hold national ids, cards and IBANs', () => {
    expect(digitRules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['payment-card', 'iban', 'us-ssn', 'br-cpf', 'fr-nir', 'uk-nino']),
    );
  });

  it.each(digitRules.map((r) => [r.id, r] as const))(
    '%s: every match of its pattern holds minDigits digits',
    (_, rule) => {
      const global = new RegExp(
        rule.pattern.source,
        rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`,
      );
      const check = (text: string) => {
        for (const m of text.matchAll(global))
          expect(digits(m[0])).toBeGreaterThanOrEqual(rule.minDigits ?? 0);
      };
      for (const s of rule.samples.match) check(s.text);
      fc.assert(
        fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }), (parts) => check(parts.join(''))),
        { numRuns: 3000 },
      );
    },
  );

  it('change no finding: the gated detector finds what an ungated one finds', () => {
    const ungated: Rule[] = RULES.map(({ minDigits: _drop, ...r }) => r);
    const gated = createRuleDetector(RULES);
    const plain = createRuleDetector(ungated);
    const snippets = readFileSync(new URL('../../fixtures/detect/corpus.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    for (const text of snippets) expect(gated.scan(text)).toEqual(plain.scan(text));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 80 }), (parts) => {
        const text = `IBAN, SSN, CPF, NIR: ${parts.join('')}`;
        expect(gated.scan(text)).toEqual(plain.scan(text));
      }),
      { numRuns: 500 },
    );
  });
});

/** The labelled snippets, and the texts of every third dev mail of the blind corpora. */
async function mailTexts(): Promise<string[]> {
  const texts = readFileSync(new URL('../../fixtures/detect/corpus.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const evalDir = fileURLToPath(new URL('../../fixtures/eval/', import.meta.url));
  for (const writer of readdirSync(evalDir).filter((w) => w.startsWith('writer-'))) {
    const dev = join(evalDir, writer, 'mail', 'dev');
    for (const file of readdirSync(dev).filter((_, i) => i % 3 === 0))
      for (const unit of (await extractMessage(readFileSync(join(dev, file)))).units) texts.push(unit.text);
  }
  return texts;
}

describe('dictionary gates', () => {
  // The password and recovery-code rules read the text through their own dictionaries; the words
  // that gate them must be found wherever those dictionaries find a word (accents, wrapped lines).
  const gatedIds = ['password-keyword', 'password-login-pair', 'recovery-codes'];
  const ungated = createRuleDetector(
    RULES.map((r) => (gatedIds.includes(r.id) ? { ...r, keywords: [] } : r)),
  );
  const gated = createRuleDetector(RULES);

  it('gate the rules that read the dictionaries', () => {
    for (const id of gatedIds)
      expect(RULES.find((r) => r.id === id)?.keywords.length, id).toBeGreaterThan(10);
  });

  it('change no finding on the labelled snippets and the texts of the blind corpora’s dev mails', async () => {
    let found = 0;
    for (const text of await mailTexts()) {
      const a = gated.scan(text);
      expect(a).toEqual(ungated.scan(text));
      found += a.filter((f) => gatedIds.includes(f.ruleId)).length;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('change no finding when labels are wrapped, accented, upper-cased or quoted', () => {
    const labels = [
      'Passwort',
      'CONTRASEÑA',
      'contrasena',
      'Hasło',
      'şifre',
      'Lösenord',
      'mot de\r\npasse',
      'p/w',
      'u/n',
      'WLAN-Schlüssel',
      'Wi-Fi key',
      'login',
      'Konto',
      'backup codes',
      'Wiederherstellungs-Codes',
      'códigos de\r\nrecuperación',
      'KODY ZAPASOWE',
      'záložní kódy',
    ];
    const values = [
      'Fietsbel2021@',
      'anna / Wint3r!2025',
      '\r\n7559 5148\r\n2894 3101\r\n1079 7082\r\n',
      'XSFB-N8NN UKRX-U25V 25XG-QNYA',
    ];
    const joins = [': ', ' ', ':\r\n', ' is ', '\t'];
    fc.assert(
      fc.property(
        fc.constantFrom(...labels),
        fc.constantFrom(...joins),
        fc.constantFrom(...values),
        fc.constantFrom('', '> ', 'Hi,\n', 'Re: '),
        (label, join, value, lead) => {
          const text = `${lead}${label}${join}${value}\nThanks`;
          expect(gated.scan(text)).toEqual(ungated.scan(text));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('structural rules read near their keywords', () => {
  const near = createRuleDetector(RULES);
  const whole = createRuleDetector(RULES, {}, { windowFrom: Number.POSITIVE_INFINITY, nearKeywords: false });
  const configIds = (fs: { ruleId: string }[]) => fs.filter((f) => f.ruleId.startsWith('config-')).length;

  it('find what a whole-text read finds, on the snippets and the blind dev mails', async () => {
    let found = 0;
    for (const text of await mailTexts()) {
      const a = near.scan(text);
      expect(a).toEqual(whole.scan(text));
      found += configIds(a);
    }
    expect(found).toBeGreaterThan(50);
  });

  it('find what a whole-text read finds when config lines sit among prose and other pairs', () => {
    const lines = [
      'DB_PASSWORD=Xk82!mPq',
      '  "apiSecret": "sk9Hq2LmPz81XcVbNm40TrEwQa7Y",',
      "define('AUTH_KEY', 'p8#Lm2$Qz!9xWv4@Rt6^Yb1&Nc3*Hd5');",
      'password:\n  Tr0ub4dor&3',
      '<password>Fietsbel2021@</password>',
      'Host: db.internal, Port: 5432, Note: see below',
      'user = admin',
      'Subject: Re: login problem',
      'mysql --user=root --password=Pa55w0rd!x db',
      '\tDbPassword\t\tXk82!mPq\t',
      'x'.repeat(300),
      // Pairs a windowed read must not split: child keys under a vendor's block, XML with the key
      // in an attribute, long runs of other pairs, values holding "=" and ":".
      'mailgun:\n  key: key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
      'variable "api_token" {\n  default = "Zq8Lm2Rt5Xp9Vb4Nc7Wd1Ke6"\n}',
      '<add key="SmtpPassword" value="Vx8#qLm2Pz"/>',
      '<setting name="DbPassword" serializeAs="String">\n  <value>Hq7#kLm29x</value>\n</setting>',
      'job=export-7781 rows=120000 elapsed=51.2s status=timeout a=b:c=d token_ttl=3600 e=f',
      `${'k1=v1 '.repeat(30)}api_key=Zq8Lm2Rt5Xp9Vb4Nc7Wd1Ke6Fq3`,
      'url=https://x.example/?a=1&password=Kx9!mPq2Lw&b=2',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...lines), { minLength: 1, maxLength: 30 }), (picked) => {
        const text = picked.join('\n');
        expect(near.scan(text)).toEqual(whole.scan(text));
      }),
      { numRuns: 400 },
    );
  });
});
