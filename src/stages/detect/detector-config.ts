import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type Config, ConfigError } from '../../config.js';
import { rulesFileSchema } from '../../config-schema.js';
import { SECRET_TYPES, type SecretType } from '../../domain/finding.js';
import { createRuleDetector, type DetectorOptions } from './engine.js';
import { customRule } from './rules/custom.js';

/** Custom rules from `detect.rulesFile`, each proven against its own samples before it is used. */
function loadCustomRules(file: string): NonNullable<DetectorOptions['customRules']> {
  if (!file) return [];
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (err) {
    throw new ConfigError(
      `config: detect.rulesFile: cannot read ${file}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = rulesFileSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`config: detect.rulesFile ${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.rules.map(({ samples, ...spec }) => {
    const detector = createRuleDetector([customRule(customRuleSchemaOut(spec))]);
    for (const text of samples?.match ?? [])
      if (!detector.scan(text).some((m) => m.type === spec.type))
        throw new ConfigError(
          `config: detect.rulesFile: rule ${spec.id} misses its match sample ${JSON.stringify(text)}`,
        );
    for (const text of samples?.noMatch ?? [])
      if (detector.scan(text).length)
        throw new ConfigError(
          `config: detect.rulesFile: rule ${spec.id} matches its noMatch sample ${JSON.stringify(text)}`,
        );
    return spec;
  });
}

// The parsed spec already has the schema's output shape (keywords lower-cased).
const customRuleSchemaOut = <T>(spec: T) => spec as Parameters<typeof customRule>[0];

/** The detector options a configuration asks for: types set to `allow` are not looked for at all. */
export function detectorOptionsFrom(config: Config): DetectorOptions {
  const types = config.policy.types as Partial<Record<string, string>>;
  const disabledTypes = SECRET_TYPES.filter((t: SecretType) => types[t] === 'allow');
  return {
    disabledTypes,
    allowValues: [...config.detect.allowValues],
    allowPatterns: [...config.detect.allowPatterns],
    customRules: loadCustomRules(config.detect.rulesFile),
  };
}
