import type { StackFileSummary } from "../fields/input";

/**
 * Stack names of a region split into shards. The cluster keeps the region's name, which the
 * global stack and other regions' restores read; each shard's name says its region and shard.
 */

/** The stack of a region's cluster (or of the whole region): `<environment>-<region>`. */
export const regionStackName = (environment: string, region: string): string =>
  `${environment}-${region}`;

/** The stack of one shard of a region's tenants: `<environment>-<region>-tenants-<shard>`. */
export const shardStackName = (environment: string, region: string, shard: string): string =>
  `${environment}-${region}-tenants-${shard}`;

/**
 * The shards of `region`, by the names of the project's `tenants` stack files, sorted: a file
 * that exists is a shard, even while a key inside it is wrong (its own stack says what).
 */
export function regionShards(
  stackFiles: ReadonlyMap<string, StackFileSummary>,
  environment: string,
  region: string,
): string[] {
  const prefix = shardStackName(environment, region, "");
  return [...stackFiles]
    .filter(([name, s]) => s.role === "tenants" && name.startsWith(prefix))
    .map(([name]) => name.slice(prefix.length))
    .filter((shard) => shard !== "")
    .sort();
}
