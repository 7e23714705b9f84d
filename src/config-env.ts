import { parse as parseYaml } from 'yaml';
import { isSecretPath, isTree, setPath, type Tree } from './config-tree.js';

export const ENV_PREFIX = 'DESKGUARD_';
// Environment variables with the prefix that are not configuration keys (read where they are used).
const RESERVED_ENV = new Set(['MASTER_KEY', 'MASTER_KEY_FILE', 'CONFIG']);

/** One DESKGUARD_* variable and the key it sets, so an error can name both. */
export interface EnvSource {
  name: string;
  raw: string;
  path: string[];
  /** The key, or a key inside the mapping it sets, holds a credential: its value is never shown. */
  secret: boolean;
}

/** A problem with one variable, before any schema check (unknown key, unreadable value). */
export class EnvError extends Error {
  override name = 'EnvError';
}

const snakeToCamel = (s: string) =>
  s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const MAX_SHOWN = 60;

function holdsSecret(node: unknown, path: string[]): boolean {
  if (isSecretPath(path)) return true;
  return isTree(node) && Object.entries(node).some(([k, v]) => holdsSecret(v, [...path, k]));
}

/**
 * `NAME=value` as an error message may show it: the value masked when the key holds a secret,
 * quoted when it is empty or has spaces or control characters, cut when it is long.
 */
export function shownEnv(s: EnvSource): string {
  if (s.secret) return `${s.name}=********`;
  // Printable ASCII without spaces or quotes reads unambiguously as it is; anything else is quoted.
  const plain = /^[\x21\x23-\x7e]+$/.test(s.raw);
  const cut = s.raw.length > MAX_SHOWN ? `${s.raw.slice(0, MAX_SHOWN)}…` : s.raw;
  return `${s.name}=${plain ? cut : JSON.stringify(cut)}`;
}

/**
 * Turns DESKGUARD_* variables into a config tree and the list of what set each key. Key segments
 * are matched against the defaults case-insensitively so DESKGUARD_DATA_DIR finds `dataDir`; an
 * unknown key is an error rather than silently ignored, because a typo in a deployment must not
 * leave a limit at its default.
 */
export function readEnv(env: NodeJS.ProcessEnv, defaults: Tree): { tree: Tree; sources: EnvSource[] } {
  const tree: Tree = {};
  const sources: EnvSource[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const rest = name.slice(ENV_PREFIX.length);
    if (RESERVED_ENV.has(rest)) continue;
    let node: unknown = defaults;
    const path: string[] = [];
    for (const seg of rest.split('__')) {
      const want = snakeToCamel(seg).toLowerCase();
      const key = isTree(node) ? Object.keys(node).find((k) => k.toLowerCase() === want) : undefined;
      if (key === undefined)
        throw new EnvError(`${name}: ${[...path, snakeToCamel(seg)].join('.')} is not a setting`);
      path.push(key);
      node = (node as Tree)[key];
    }
    const source = { name, raw, path, secret: holdsSecret(node, path) };
    let value: unknown = raw;
    // Strings stay as given ("12345" as a host name, "true" as a password); the rest is YAML.
    if (typeof node !== 'string') {
      try {
        value = parseYaml(raw);
      } catch {
        throw new EnvError(`${shownEnv(source)}: ${path.join('.')} cannot be read as a YAML value`);
      }
    }
    setPath(tree, path, value);
    sources.push(source);
  }
  return { tree, sources };
}

/** The variable that set `path` or a mapping above it (DESKGUARD_SMTP__RECIPIENTS for smtp.recipients.0). */
export function envSourceOf(
  sources: readonly EnvSource[],
  path: readonly (string | number)[],
): EnvSource | undefined {
  const key = path.map(String);
  return sources
    .filter((s) => s.path.length <= key.length && s.path.every((seg, i) => seg === key[i]))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
