import { dnsLabel } from "../fields/fields";
import type { StackFileSummary } from "../fields/input";
import type { Problem } from "../fields/problems";

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

/** Name of the StackReference through which a tenants stack reads its cluster stack. */
export const CLUSTER_REFERENCE = "cluster";

/** A region's shards, and what is wrong with the stack files that declare them. */
export interface RegionShards {
  readonly shards: readonly string[];
  readonly problems: readonly Problem[];
}

/**
 * The shards of `region`: each `tenants` stack file of the region, by its `tenancy:shard`. A
 * file named as a shard of the region whose keys say another stack (another shard, region or
 * environment), and a file that cannot be read, are problems of every stack of the region, since
 * each would run some tenant twice or not at all.
 */
export function regionShards(
  stackFiles: ReadonlyMap<string, StackFileSummary>,
  environment: string,
  region: string,
): RegionShards {
  const prefix = shardStackName(environment, region, "");
  const problems: Problem[] = [];
  // A shard's file is named for it, so no two files hold one shard.
  const shards = new Set<string>();
  for (const [name, summary] of [...stackFiles].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = `Pulumi.${name}.yaml`;
    const named = name.startsWith(prefix);
    if (summary.error !== undefined) {
      if (named) problems.push({ path: file, reason: `${summary.error}: fix it` });
      continue;
    }
    const ofRegion =
      summary.role === "tenants" &&
      summary.environment === environment &&
      summary.region === region;
    if (!named && !ofRegion) continue;
    // A shard that is no name at all is its own file's problem: the file's name stands for it.
    const shard =
      dnsLabel.safeParse(summary.shard).success && summary.shard !== undefined
        ? summary.shard
        : named
          ? name.slice(prefix.length)
          : undefined;
    const expected =
      summary.role === "tenants" && shard !== undefined
        ? shardStackName(summary.environment ?? "", summary.region ?? "", shard)
        : undefined;
    if (expected !== name || shard === undefined) {
      problems.push({
        path: file,
        reason:
          expected === undefined
            ? `named as a shard of ${region}, and is no tenants stack (tenancy:role: tenants, tenancy:shard): fix it, or rename the file`
            : `its keys make it ${expected}: name the file Pulumi.${expected}.yaml, or fix tenancy:environment, tenancy:region or tenancy:shard`,
      });
      continue;
    }
    shards.add(shard);
  }
  return { shards: [...shards].sort(), problems };
}
