/**
 * The part of the engine's diff an upgrade test needs: which inputs of a resource differ from the
 * state the cloud reports, leaving out the paths in `ignoreChanges` (the engine keeps the state's
 * value for those).
 * @see https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/
 */

type Json = unknown;

/** `{a: {b: [1]}}` → `{"a.b[0]": 1}`: every leaf by its path, as `ignoreChanges` writes paths. */
function leaves(value: Json, prefix = "", out = new Map<string, Json>()): Map<string, Json> {
  if (Array.isArray(value)) {
    value.forEach((item, i) => leaves(item, `${prefix}[${i}]`, out));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      leaves(item, prefix === "" ? key : `${prefix}.${key}`, out);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

const under = (path: string, root: string): boolean =>
  path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);

/** Input paths the next `up` would change, given what the cloud reports now. */
export function changedInputs(
  state: Record<string, Json>,
  inputs: Record<string, Json>,
  ignoreChanges: readonly string[] = [],
): string[] {
  const before = leaves(state);
  const changed: string[] = [];
  for (const [path, value] of leaves(inputs)) {
    if (ignoreChanges.some((root) => under(path, root))) continue;
    if (JSON.stringify(before.get(path)) !== JSON.stringify(value)) changed.push(path);
  }
  return changed;
}
