import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { EnvError, type EnvSource, envSourceOf, readEnv, shownEnv } from './config-env.js';
import { keyWithProblem } from './config-issue.js';
import { type Config, configSchema } from './config-schema.js';
import { deepMerge, getPath, isSecretPath, isTree, setPath, type Tree } from './config-tree.js';

export type { Config } from './config-schema.js';
export { deepMerge } from './config-tree.js';

/** A configuration problem, worded as one line an admin can act on. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A file shipped with the package (config/…), wherever it is installed. */
export const packageFile = (rel: string): string => fileURLToPath(new URL(`../${rel}`, import.meta.url));

export const DEFAULT_CONFIG_FILE = packageFile('config/default.yaml');

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

/** Turns DESKGUARD_* variables into a config tree (see config-env.ts). */
export function envOverrides(env: NodeJS.ProcessEnv, defaults: Tree): Tree {
  try {
    return readEnv(env, defaults).tree;
  } catch (err) {
    throw err instanceof EnvError ? new ConfigError(err.message) : err;
  }
}

/**
 * Paths that live below `dataDir` unless set: empty in config/default.yaml, so moving `dataDir`
 * moves them too, while an explicit value (file or environment) is kept as given.
 */
const UNDER_DATA_DIR: ReadonlyArray<readonly [path: readonly string[], name: string]> = [
  [['delivery', 'maildir'], 'mailbox'],
  [['notify', 'maildir'], 'notices'],
  [['alerts', 'maildir'], 'alerts'],
];

function deriveDataPaths(tree: Tree): Tree {
  const dataDir = tree['dataDir'];
  if (typeof dataDir !== 'string' || dataDir === '') return tree; // the schema names the problem
  const out = structuredClone(tree);
  for (const [path, name] of UNDER_DATA_DIR)
    if (getPath(out, path) === '' || getPath(out, path) === undefined)
      setPath(out, path, join(dataDir, name));
  return out;
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Where each layer of the merged tree came from, so an error can point at the one to fix. */
export interface ConfigSources {
  file?: { name: string; tree: Tree } | undefined;
  env?: readonly EnvSource[];
}

/** Who set `path`: the variable (with its value, masked if secret), the file, or the defaults. */
function origin(sources: ConfigSources, path: readonly (string | number)[]): string {
  const env = sources.env && envSourceOf(sources.env, path);
  if (env) return shownEnv(env);
  const file = sources.file;
  if (file && path.some((_, i) => getPath(file.tree, path.slice(0, path.length - i)) !== undefined))
    return file.name;
  return 'config';
}

/** Validates a merged tree; the first problem becomes one line naming the key and who set it. */
export function validateConfig(tree: unknown, sources: ConfigSources = {}): Config {
  const result = configSchema.safeParse(isTree(tree) ? deriveDataPaths(tree) : tree, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // Name the unknown key itself (smtp.prot), which is what a typo hunt needs.
      const keys = issue.keys.map((k) => [...path, k].join('.'));
      const where = origin(sources, [...path, issue.keys[0]!]);
      throw new ConfigError(
        `${where}: ${keys.join(', ')} ${keys.length > 1 ? 'are not settings' : 'is not a setting'}`,
      );
    }
    const key = path.length ? path.join('.') : '(top level)';
    throw new ConfigError(`${origin(sources, path)}: ${keyWithProblem(key, issue)}`);
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
  const fileTree = opts.file ? readYaml(opts.file) : undefined;
  let env: ReturnType<typeof readEnv>;
  try {
    env = readEnv(opts.env ?? process.env, defaults);
  } catch (err) {
    throw err instanceof EnvError ? new ConfigError(err.message) : err;
  }
  let tree = deepMerge(defaults, fileTree ?? {});
  tree = deepMerge(tree, env.tree);
  if (opts.overrides) tree = deepMerge(tree, opts.overrides);
  return validateConfig(tree, {
    file: opts.file && fileTree ? { name: opts.file, tree: fileTree } : undefined,
    env: env.sources,
  });
}

/** The merged configuration as YAML-able data, every secret value masked. */
export function maskSecrets(value: unknown, path: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, path));
  if (isTree(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, [...path, k])]));
  if (isSecretPath(path) && typeof value === 'string' && value !== '') return '********';
  return value;
}

/** Where the gateway keeps its database and spool under `dataDir`. */
export function dataPaths(config: Config) {
  return {
    db: join(config.dataDir, 'deskguard.db'),
    spool: join(config.dataDir, 'spool'),
  };
}
