/**
 * Which stacks a change can alter, from the files it touches, so a pull request previews those
 * and not every stack: a tenant's catalog entry → the stacks of the regions it runs in (before
 * and after the change) and the environment's global stack when its host or regions change; a
 * stack file → that stack; the program, its dependencies or the policies → every stack. Files
 * no stack reads (docs, tests) alter none.
 */

/** What a stack file says of itself. */
export interface StackSummary {
  readonly environment?: string;
  readonly role?: string;
}

/** A catalog entry as far as placement and DNS go. */
interface Entry {
  readonly name?: unknown;
  readonly region?: unknown;
  readonly standby?: unknown;
  readonly host?: unknown;
}

/** A catalog's content, before or after the change (undefined: the file does not exist). */
export type CatalogContent = Readonly<Record<string, unknown>> | undefined;

export interface Change {
  /** Paths the change touches, relative to the project. */
  readonly files: readonly string[];
  /** Every stack file of the project after the change, by stack name. */
  readonly stacks: ReadonlyMap<string, StackSummary>;
  /** Each changed catalog's content before and after, by environment. */
  readonly catalogs: ReadonlyMap<
    string,
    { readonly before: CatalogContent; readonly after: CatalogContent }
  >;
}

/** Files no stack reads: a change to them alone previews nothing. */
const INERT = [
  /^docs\//,
  /^test\//,
  /^schemas\//,
  /\.md$/,
  /^renovate\.json$/,
  /^\.prettierignore$/,
  /^eslint\.config\.mjs$/,
  /^BENCHMARKS/,
];

const entriesOf = (catalog: CatalogContent): Entry[] =>
  Array.isArray(catalog?.tenants) ? (catalog.tenants as Entry[]) : [];

const regionsOf = (entry: Entry | undefined): string[] =>
  entry === undefined
    ? []
    : [
        ...(typeof entry.region === "string" ? [entry.region] : []),
        ...(Array.isArray(entry.standby)
          ? entry.standby.filter((r): r is string => typeof r === "string")
          : []),
      ];

/** Stacks of `environment` a catalog change alters. */
function catalogStacks(
  environment: string,
  before: CatalogContent,
  after: CatalogContent,
  stacks: ReadonlyMap<string, StackSummary>,
): string[] {
  const ofEnvironment = [...stacks].filter(([, s]) => s.environment === environment);
  const all = ofEnvironment.map(([name]) => name);
  const global = ofEnvironment.filter(([, s]) => s.role === "global").map(([name]) => name);
  const { tenants: tenantsBefore, ...settingsBefore } = before ?? {};
  const { tenants: tenantsAfter, ...settingsAfter } = after ?? {};
  // Anything beside the tenants (domain, application, regions) is every tenant's.
  if (JSON.stringify(settingsBefore) !== JSON.stringify(settingsAfter)) return all;
  // Without regions every stack runs every tenant.
  if (!Array.isArray(after?.regions)) return tenantsBefore === tenantsAfter ? [] : all;
  const byName = (entries: Entry[]) => new Map(entries.map((e) => [String(e.name), e]));
  const old = byName(entriesOf(before));
  const now = byName(entriesOf(after));
  const affected = new Set<string>();
  for (const name of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(name);
    const b = now.get(name);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    for (const region of [...regionsOf(a), ...regionsOf(b)])
      affected.add(`${environment}-${region}`);
    // The global stack points each tenant's host at its home region.
    if (a === undefined || b === undefined || a.host !== b.host || a.region !== b.region) {
      for (const name of global) affected.add(name);
    }
  }
  return all.filter((name) => affected.has(name));
}

/** The stacks a change alters, sorted. */
export function affectedStacks(change: Change): string[] {
  const affected = new Set<string>();
  const every = [...change.stacks.keys()];
  for (const file of change.files) {
    if (INERT.some((pattern) => pattern.test(file))) continue;
    const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
    if (stack !== undefined) {
      if (change.stacks.has(stack)) affected.add(stack);
      // The global stack checks its environment's stack files and reads their outputs.
      const environment = change.stacks.get(stack)?.environment ?? stack.split("-")[0];
      for (const [name, s] of change.stacks) {
        if (s.environment === environment && s.role === "global") affected.add(name);
      }
      continue;
    }
    const environment = /^stacks\/([^/]+)\.yaml$/.exec(file)?.[1];
    if (environment !== undefined) {
      const catalog = change.catalogs.get(environment);
      for (const name of catalogStacks(
        environment,
        catalog?.before,
        catalog?.after,
        change.stacks,
      )) {
        affected.add(name);
      }
      continue;
    }
    // The program, its packages, the policies or the pipelines: every stack.
    return every.sort();
  }
  return [...affected].sort();
}

/** The cloud a stack's credentials are for: its cluster's, or its DNS provider's. */
export function cloudOf(config: Readonly<Record<string, unknown>>): "azure" | "gcp" {
  if (config["tenancy:role"] === "global") {
    const dns = config["tenancy:dns"] as { provider?: unknown } | undefined;
    return dns?.provider === "gcp" ? "gcp" : "azure";
  }
  return config["tenancy:platform"] === "gke" ? "gcp" : "azure";
}
