import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { detectorOptionsFrom } from '../../../src/stages/detect/detector-config.js';
import { createDetector } from '../../../src/stages/detect/engine.js';

const rulesFile = (yaml: string) => {
  const f = join(mkdtempSync(join(tmpdir(), 'dg-rules-')), 'rules.yaml');
  writeFileSync(f, yaml);
  return f;
};

const RULE = `rules:
  - id: acme-license
    type: generic_api_key
    rationale: ACME license keys unlock paid features.
    pattern: "ACME-([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})"
    group: 1
    keywords: [acme-]
    samples:
      match: ["our key is ACME-7QX2-MM4P-Z9KD"]
      noMatch: ["ACME-XXXX"]
`;

describe('detector options from the configuration', () => {
  it('loads custom rules that pass their own samples, and the detector uses them', () => {
    const config = loadConfig({ env: {}, overrides: { detect: { rulesFile: rulesFile(RULE) } } });
    const detector = createDetector(detectorOptionsFrom(config));
    const [m] = detector.scan('License: ACME-7QX2-MM4P-Z9KD, thanks');
    expect(m).toMatchObject({ type: 'generic_api_key', ruleId: 'acme-license', value: '7QX2-MM4P-Z9KD' });
  });

  it('stops start-up when a custom rule fails its samples or is unsafe', () => {
    const failing = RULE.replace('ACME-XXXX', 'ACME-AAAA-BBBB-CCCC');
    expect(() =>
      detectorOptionsFrom(loadConfig({ env: {}, overrides: { detect: { rulesFile: rulesFile(failing) } } })),
    ).toThrow(/acme-license matches its noMatch sample/);
    const unsafe = RULE.replace('"ACME-([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})"', '"(a+)+b"');
    expect(() =>
      detectorOptionsFrom(loadConfig({ env: {}, overrides: { detect: { rulesFile: rulesFile(unsafe) } } })),
    ).toThrow(ConfigError);
  });

  it('turns types set to allow off, and passes allow-listed values and patterns', () => {
    const config = loadConfig({
      env: {},
      overrides: {
        policy: { types: { iban: 'allow' } },
        detect: { allowValues: ['4929187366045578'], allowPatterns: ['AKIA[A-Z2-7]{12}TEST'] },
      },
    });
    const detector = createDetector(detectorOptionsFrom(config));
    const text = 'IBAN DE89 3704 0044 0532 0130 00, card 4929187366045578, key AKIAQ7ABCDEFGHIJTEST';
    expect(detector.scan(text)).toEqual([]);
  });

  it('refuses allow for unscannable parts', () => {
    expect(() => loadConfig({ env: {}, overrides: { policy: { types: { unscannable: 'allow' } } } })).toThrow(
      /policy\.types/,
    );
  });
});
