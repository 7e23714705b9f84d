import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type Config, configSchema } from './config-schema.js';

export type { Config } from './config-schema.js';

/** A configuration problem, worded as one line an admin can act on. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A file shipped with the package (config/…), wherever it is installed. */
export const packageFile = (rel: string): string => fileURLToPath(new URL(`../${rel}`, import.meta.url));

export const DEFAULT_CONFIG_FILE = packageFile('config/default.yaml');

const ENV_PREFIX = 'DESKGUARD_';
// Environment variables with the prefix that are not configuration keys.
const RESERVED_ENV = new Set(['MASTER_KEY', 'MASTER_KEY_FILE', 'CONFIG']);
const SECRET_KEY = /pass|secret|token|apikey|masterkey/i;

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges `over` onto `base`; arrays and scalars replace, objects merge. */
export function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isTree(b) && isTree(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function readYaml(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `config: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config: ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isTree(doc)) throw new ConfigError(`config: ${file} must be a mapping of keys`);
  return doc;
}

const snakeToCamel = (s: string) =>
  s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Turns DESKGUARD_* variables into a config tree. Key segments are matched against the defaults
 * case-insensitively so DESKGUARD_DATA_DIR finds `dataDir`; an unknown key is an error rather than
 * silently ignored, because a typo in a deployment must not leave a limit at its default.
 */
export function envOverrides(env: NodeJS.ProcessEnv, defaults: Tree): Tree {
  const out: Tree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const rest = name.slice(ENV_PREFIX.length);
    if (RESERVED_ENV.has(rest)) continue;
    const segments = rest.split('__');
    let node: unknown = defaults;
    const path: string[] = [];
    for (const seg of segments) {
      const want = snakeToCamel(seg).toLowerCase();
      const key = isTree(node) ? Object.keys(node).find((k) => k.toLowerCase() === want) : undefined;
      if (key === undefined)
        throw new ConfigError(`config: ${name}: no such key ${[...path, seg].join('.')}`);
      path.push(key);
      node = (node as Tree)[key];
    }
    let value: unknown = raw;
    if (typeof node !== 'string') {
      try {
        value = parseYaml(raw);
      } catch {
        throw new ConfigError(`config: ${name}: cannot parse ${JSON.stringify(raw)}`);
      }
    }
    let target = out;
    for (const k of path.slice(0, -1)) {
      if (!isTree(target[k])) target[k] = {};
      target = target[k] as Tree;
    }
    target[path[path.length - 1]!] = value;
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Validates a merged tree; the first problem becomes one line naming the key. */
export function validateConfig(tree: unknown): Config {
  const result = configSchema.safeParse(tree);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // Name the unknown key itself (smtp.prot), which is what a typo hunt needs.
      const keys = issue.keys.map((k) => [...path, k].join('.'));
      throw new ConfigError(`config: ${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''}`);
    }
    const key = path.length ? path.join('.') : '(top level)';
    throw new ConfigError(`config: ${key}: ${issue.message}`);
  }
  return deepFreeze(result.data);
}

export interface LoadOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Extra overrides applied last (tests). */
  overrides?: Tree;
}

/** Defaults, then `--config FILE`, then DESKGUARD_* variables: validated and frozen. */
export function loadConfig(opts: LoadOptions = {}): Config {
  const defaults = readYaml(DEFAULT_CONFIG_FILE);
  let tree = defaults;
  if (opts.file) tree = deepMerge(tree, readYaml(opts.file));
  tree = deepMerge(tree, envOverrides(opts.env ?? process.env, defaults));
  if (opts.overrides) tree = deepMerge(tree, opts.overrides);
  return validateConfig(tree);
}

/** The merged configuration as YAML-able data, every secret-looking value masked. */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, key));
  if (isTree(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  if (SECRET_KEY.test(key) && typeof value === 'string' && value !== '') return '********';
  return value;
}

/** Where the gateway keeps its database and spool under `dataDir`. */
export function dataPaths(config: Config) {
  return {
    db: join(config.dataDir, 'deskguard.db'),
    spool: join(config.dataDir, 'spool'),
  };
}
