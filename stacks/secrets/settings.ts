import type { z } from "zod";
import { closestKey } from "../fields/dns";
import { decodeStructure, type StackInput } from "../fields/input";
import { keysAt, problemsFromZod, type Problem } from "../fields/problems";
import { NAMESPACE, SECRET_KEYS, STRUCTURED_KEYS } from "../cluster/stack";

const PREFIX = `${NAMESPACE}:`;

/**
 * Reads a stack's `tenancy:` keys with `schema`: structures decoded, secrets required where the
 * program reads a secret and refused where it reads plain configuration (never judged, never
 * shown). What parses is kept when the rest does not, so every other rule still runs.
 */
export function parseSettings<S extends z.ZodObject>(
  schema: S,
  input: StackInput,
  problems: Problem[],
  plainSecrets: Problem[],
): {
  settings?: z.output<S>;
  partial: Partial<z.output<S>>;
  /** Keys given with a value that did not parse. */
  broken: ReadonlySet<string>;
} {
  const raw: Record<string, unknown> = {};
  /** Keys holding a secret the program reads as plain configuration: never judged, never shown. */
  const withheld = new Set<string>();
  for (const [fullKey, text] of Object.entries(input.config)) {
    const namespace = fullKey.split(":")[0] ?? "";
    if (fullKey.includes(":") && namespace !== NAMESPACE && closestKey(namespace, [NAMESPACE])) {
      problems.push({
        path: fullKey,
        reason: `unknown namespace "${namespace}"; did you mean "${NAMESPACE}:${fullKey.slice(namespace.length + 1)}"?`,
      });
    }
    if (!fullKey.startsWith(PREFIX)) continue;
    const key = fullKey.slice(PREFIX.length);
    if (SECRET_KEYS.has(key) && !input.secretKeys.has(fullKey)) {
      plainSecrets.push({
        path: fullKey,
        reason:
          key === "tenantSecrets"
            ? `must hold secrets: set each value with pulumi config set --secret --path '${fullKey}.<tenant>.<field>' (and remove the plain ones)`
            : `must be a secret: run pulumi config set --secret ${fullKey} (and remove the plain value)`,
      });
    }
    if (!SECRET_KEYS.has(key) && input.secretKeys.has(fullKey)) {
      withheld.add(key);
      problems.push({
        path: fullKey,
        reason: `holds a secret, and is plain configuration that messages and outputs may show: set it without --secret`,
      });
      continue;
    }
    raw[key] = STRUCTURED_KEYS.has(key) ? decodeStructure(fullKey, text, problems) : text;
  }
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return { settings: result.data, partial: result.data, broken: withheld };
  for (const problem of problemsFromZod(PREFIX, result.error, (segments) =>
    keysAt(schema, segments),
  ).filter((p) => !withheld.has(p.path.slice(PREFIX.length)))) {
    problems.push(
      problem.reason.startsWith("required")
        ? { ...problem, reason: requiredHint(problem.path, problem.reason) }
        : problem,
    );
  }
  // Keep what did validate, so the catalog and cluster are still checked and every problem shows.
  const partial: Partial<z.output<S>> = {};
  const broken = new Set<string>();
  const shape: Readonly<Record<string, z.ZodType>> = schema.shape;
  for (const [key, fieldSchema] of Object.entries(shape)) {
    const field = fieldSchema.safeParse(raw[key]);
    if (field.success) Object.assign(partial, { [key]: field.data });
    else if (raw[key] !== undefined || withheld.has(key)) broken.add(key);
  }
  return { partial, broken };
}

function requiredHint(path: string, reason: string): string {
  const key = path.slice(PREFIX.length);
  const example: Record<string, string> = {
    environment: "dev",
    platform: "aks (or gke, existing)",
    region: "westeurope",
    organization: "<the Pulumi organization owning the stacks>",
    shard: "a",
  };
  if (key === "addons" || key === "addons.issuer") {
    return `required: add to the stack file the add-ons and the certificates' issuer, e.g. issuer: { letsEncrypt: production, email: … } (docs/platforms.md "Add-ons")`;
  }
  const value = example[key];
  return value !== undefined
    ? `required: add it to the stack file, e.g. pulumi config set ${path} ${value}`
    : reason;
}
