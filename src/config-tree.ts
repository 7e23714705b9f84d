/** The untyped configuration tree, before the schema has checked it. */
export type Tree = Record<string, unknown>;

export const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges `over` onto `base`; arrays and scalars replace, objects merge. */
export function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isTree(b) && isTree(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(tree: unknown, path: readonly (string | number)[]): unknown {
  let node = tree;
  for (const k of path) {
    if (!isTree(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}

/** Sets `path` in `tree`, creating the mappings on the way. */
export function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let target = tree;
  for (const k of path.slice(0, -1)) {
    if (!isTree(target[k])) target[k] = {};
    target = target[k] as Tree;
  }
  target[path[path.length - 1]!] = value;
}

// Keys whose values are credentials: masked in `config print` and never echoed in an error.
// Matched on the key's own name (any level), plus whole paths whose name alone says nothing.
const SECRET_KEY = /pass|secret|token|api_?key|master_?key|private_?key|credential/i;
const SECRET_PATHS = new Set(['storage.url']);

export const isSecretPath = (path: readonly (string | number)[]): boolean =>
  SECRET_PATHS.has(path.join('.')) || SECRET_KEY.test(String(path[path.length - 1] ?? ''));
