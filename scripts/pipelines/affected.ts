import { regionStackName, shardStackName } from "../../stacks/shards/names";

/**
 * Which stacks a change can alter, from the files it touches, so a pull request previews those
 * and not every stack: a tenant's catalog entry → the stacks that run it in each region it runs
 * in, before and after the change (its shard's where the region is split, plus the cluster stack
 * when the region's set of tenants or their restores change), and the environment's global stack
 * when its host or home changes; a stack file → that stack (a cluster stack's with its shards,
 * which read it); the program, its dependencies or the policies → every stack. Files no stack
 * reads (docs, tests) alter none.
 */

/** What a stack file says of itself. */
export interface StackSummary {
  readonly environment?: string;
  readonly role?: string;
  readonly region?: string;
  readonly shard?: string;
}

/** A catalog entry as far as placement and DNS go. */
interface Entry {
  readonly name?: unknown;
  readonly region?: unknown;
  readonly standby?: unknown;
  readonly host?: unknown;
  readonly shard?: unknown;
  readonly restoreFrom?: unknown;
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

/**
 * The stacks that run `entry` in `region`: the region's stack, or where the region is split, the
 * shard the entry names (none when it names no shard there: validation refuses it).
 */
function stacksRunning(
  entry: Entry,
  environment: string,
  region: string,
  stacks: ReadonlyMap<string, StackSummary>,
): string[] {
  const regionStack = regionStackName(environment, region);
  if (stacks.get(regionStack)?.role !== "cluster") return [regionStack];
  return typeof entry.shard === "string" ? [shardStackName(environment, region, entry.shard)] : [];
}

/**
 * An entry as a region's stacks read it: its shard matters only where the region is split, and
 * where it restores from only elsewhere.
 */
function seenFrom(entry: Entry | undefined, region: string, split: boolean): Entry | undefined {
  if (entry === undefined) return undefined;
  const { shard, restoreFrom, ...rest } = entry;
  return {
    ...rest,
    ...(split ? { shard } : {}),
    ...(restoreFrom !== region ? { restoreFrom } : {}),
  };
}

/** Whether `a` and `b` differ in what a cluster stack reads of its region's tenants. */
const clusterReads = (a: Entry | undefined, b: Entry | undefined, region: string): boolean =>
  regionsOf(a).includes(region) !== regionsOf(b).includes(region) ||
  JSON.stringify(a?.restoreFrom) !== JSON.stringify(b?.restoreFrom);

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
  // Anything beside the tenants (domain, application, regions) is every tenant's; the global
  // stack reads only the domain and the regions.
  if (JSON.stringify(settingsBefore) !== JSON.stringify(settingsAfter)) {
    const dns = ["domain", "regions"].some(
      (key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]),
    );
    return dns ? all : all.filter((name) => !global.includes(name));
  }
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
    for (const region of new Set([...regionsOf(a), ...regionsOf(b)])) {
      const split = stacks.get(regionStackName(environment, region))?.role === "cluster";
      const seen = (entry: Entry | undefined) =>
        JSON.stringify(regionsOf(entry).includes(region) ? seenFrom(entry, region, split) : null);
      if (seen(a) === seen(b)) continue;
      for (const entry of [a, b]) {
        if (entry === undefined || !regionsOf(entry).includes(region)) continue;
        for (const stack of stacksRunning(entry, environment, region, stacks)) affected.add(stack);
      }
      if (clusterReads(a, b, region)) affected.add(regionStackName(environment, region));
    }
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
      // A cluster stack's shards read its file for the cluster's settings.
      const summary = change.stacks.get(stack);
      if (summary?.role === "cluster") {
        for (const [name, s] of change.stacks) {
          const shardOf = s.role === "tenants" && s.environment === summary.environment;
          if (shardOf && s.region === summary.region) affected.add(name);
        }
      }
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

/**
 * The cloud a stack's credentials are for: its cluster's (a tenants stack's, its cluster stack's,
 * given as `cluster`), or its DNS provider's.
 */
export function cloudOf(
  config: Readonly<Record<string, unknown>>,
  cluster?: Readonly<Record<string, unknown>>,
): "azure" | "gcp" {
  if (config["tenancy:role"] === "tenants" && cluster !== undefined) return cloudOf(cluster);
  if (config["tenancy:role"] === "global") {
    const dns = config["tenancy:dns"] as { provider?: unknown } | undefined;
    return dns?.provider === "gcp" ? "gcp" : "azure";
  }
  return config["tenancy:platform"] === "gke" ? "gcp" : "azure";
}
