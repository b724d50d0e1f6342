import { z } from "zod";
import type { StackInput } from "../fields/input";
import { keysAt, problemsFromZod, type Problem } from "../fields/problems";
import { NAMESPACE } from "../cluster/stack";
import { catalogSchema, tenantEntrySchema, type TenantEntry } from "./catalog";
import { duplicateNames } from "./tenants";

const PREFIX = `${NAMESPACE}:`;

/** A parsed catalog; `indexes[i]` is the position in the file of `tenants[i]`. */
export type Catalog = z.output<typeof catalogSchema> & {
  readonly path: string;
  readonly indexes: readonly number[];
  /** Every tenant name the file gives, its entry valid or not. */
  readonly names: readonly string[];
};

/**
 * Parses the catalog. When some of it is wrong, what parsed is kept (its settings, and each
 * tenant entry that parsed, with its place in the file) so every rule that can still runs.
 */
export function parseCatalog(
  input: StackInput,
  environment: string,
  problems: Problem[],
): Catalog | undefined {
  const source = input.readCatalog(environment);
  if ("error" in source) {
    problems.push(
      source.exists === true
        ? { path: source.path, reason: `${source.error}: fix the file` }
        : { path: `${PREFIX}environment`, reason: `catalog ${source.path}: ${source.error}` },
    );
    return undefined;
  }
  if (typeof source.content !== "object" || source.content === null) {
    problems.push({
      path: source.path,
      reason: "must be a map with domain, application and tenants (see stacks/dev.yaml)",
    });
    return undefined;
  }
  const result = catalogSchema.safeParse(source.content, { reportInput: true });
  if (result.success) {
    // A name is the tenant's identity in every region: two entries may not share one.
    problems.push(...duplicateNames(source.content, source.path));
    return {
      ...result.data,
      path: source.path,
      indexes: result.data.tenants.map((_, i) => i),
      names: result.data.tenants.map((t) => t.name),
    };
  }
  problems.push(
    ...problemsFromZod(`${source.path}: `, result.error, (s) => keysAt(catalogSchema, s)),
  );
  problems.push(...duplicateNames(source.content, source.path));
  return salvageCatalog(source.content, source.path);
}

/** What parsed of a catalog that did not: undefined when its domain or application did not. */
function salvageCatalog(content: unknown, path: string): Catalog | undefined {
  const raw = (typeof content === "object" && content !== null ? content : {}) as Record<
    string,
    unknown
  >;
  // Unknown keys are reported already; what is known is still read.
  const settings = z.object(catalogSchema.omit({ tenants: true }).shape).safeParse(raw);
  if (!settings.success) return undefined;
  const entries = Array.isArray(raw.tenants) ? (raw.tenants as unknown[]) : [];
  const tenants: TenantEntry[] = [];
  const indexes: number[] = [];
  const judged = new Set<string>();
  entries.forEach((entry, index) => {
    const parsed = tenantEntrySchema.safeParse(entry);
    // A repeated name is reported as such; its second entry is not judged again.
    if (!parsed.success || judged.has(parsed.data.name)) return;
    judged.add(parsed.data.name);
    tenants.push(parsed.data);
    indexes.push(index);
  });
  const names = entries.flatMap((entry) => {
    const name = (entry as { name?: unknown } | null)?.name;
    return typeof name === "string" ? [name] : [];
  });
  return { ...settings.data, tenants, path, indexes, names };
}
