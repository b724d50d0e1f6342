import type { StackFileSummary } from "../fields/input";
import type { Problem } from "../fields/problems";
import { regionShards, regionStackName, shardStackName } from "../shards/names";

/**
 * Rules over a whole environment, which only the global stack sees: no region stack knows the
 * tenants the others run, nor which stack files exist.
 */

/** A tenant as the environment places it: its host and its regions. */
export interface PlacedTenant {
  readonly name: string;
  readonly host: string;
  /** Home and standby regions. */
  readonly regions: readonly string[];
}

/**
 * Hosts that would collide in DNS: two tenants on one host (one CNAME each, in one zone), a host
 * inside a region's name space `<region>.<domain>` (where the wildcard A record and every regional
 * host `<tenant>.<region>.<domain>` live), and a host at the zone's apex, which may hold no CNAME.
 * @see https://www.rfc-editor.org/rfc/rfc1034#section-3.6.2 (a CNAME has no other data beside it)
 * @see https://learn.microsoft.com/en-us/azure/dns/dns-zones-records#cname-records
 */
export function environmentHostProblems(
  tenants: readonly PlacedTenant[],
  domain: string,
  regions: readonly string[],
  zone: string | undefined,
  catalogPath: string,
): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, number>();
  tenants.forEach((tenant, index) => {
    const path = `${catalogPath}: tenants[${String(index)}].host`;
    const seen = first.get(tenant.host);
    if (seen !== undefined) {
      problems.push({
        path,
        reason: `"${tenant.host}" is already the host of tenants[${String(seen)}] (${tenants[seen]?.name ?? "?"}), in ${regionList(tenants[seen])}: give each tenant of the environment its own host`,
      });
      return;
    }
    first.set(tenant.host, index);
    const region = regions.find(
      (r) => tenant.host === `${r}.${domain}` || tenant.host.endsWith(`.${r}.${domain}`),
    );
    if (region !== undefined) {
      problems.push({
        path,
        reason: `"${tenant.host}" lies in ${region}.${domain}, the names of region ${region}'s instances: choose a host outside it`,
      });
    }
    if (zone !== undefined && tenant.host === zone) {
      problems.push({
        path,
        reason: `"${tenant.host}" is the zone's apex, where DNS allows no CNAME: give the tenant a name under it`,
      });
    }
  });
  return problems;
}

const regionList = (tenant: PlacedTenant | undefined): string =>
  tenant === undefined || tenant.regions.length === 0 ? "no region" : tenant.regions.join(", ");

/**
 * Every catalog region has its stack, `<environment>-<region>` (the name the global stack reads),
 * and every region stack of the environment is one of the catalog's regions.
 */
export function regionStackProblems(
  environment: string,
  regions: readonly string[],
  stacks: ReadonlyMap<string, StackFileSummary>,
  catalogPath: string,
): Problem[] {
  const problems: Problem[] = [];
  regions.forEach((region, index) => {
    const name = `${environment}-${region}`;
    const file = stacks.get(name);
    if (file?.environment !== undefined && file.environment !== environment) {
      problems.push({
        path: `Pulumi.${name}.yaml: tenancy:environment`,
        reason: `"${file.environment}" is not ${environment}, which its name says: fix the environment or the file's name`,
      });
    } else if (file === undefined) {
      problems.push({
        path: `${catalogPath}: regions[${String(index)}]`,
        reason: `"${region}" has no stack file Pulumi.${name}.yaml: add it (docs/operations.md "Adding a region"), or remove the region`,
      });
    }
  });
  for (const [name, summary] of stacks) {
    if (summary.error !== undefined && name.startsWith(`${environment}-`)) {
      problems.push({ path: `Pulumi.${name}.yaml`, reason: `${summary.error}: fix it` });
      continue;
    }
    if (summary.environment !== environment || summary.role === "global") continue;
    if (summary.role === "tenants") continue;
    if (summary.region !== undefined && name !== `${environment}-${summary.region}`) {
      problems.push({
        path: `Pulumi.${name}.yaml: tenancy:region`,
        reason: `"${summary.region}" is not the region its name says: the global stack reads region ${summary.region} as ${environment}-${summary.region}; name the file Pulumi.${environment}-${summary.region}.yaml or fix the region`,
      });
      continue;
    }
    const region = name.startsWith(`${environment}-`) ? name.slice(environment.length + 1) : "";
    if (!regions.includes(region)) {
      problems.push({
        path: `Pulumi.${name}.yaml`,
        reason: `a region stack of ${environment} whose name is not ${environment}-<region> for a region of ${catalogPath} (${regions.join(", ")}): its tenants would be nowhere and its address in no DNS record; rename it, or add its region`,
      });
    }
  }
  problems.push(...shardProblems(environment, regions, stacks, catalogPath));
  return problems;
}

/**
 * The environment's tenants stacks: each named for its region and shard (the rule every stack of
 * the region applies, stacks/shards/names.ts), in a region of the catalog whose own stack is a
 * cluster stack.
 */
function shardProblems(
  environment: string,
  regions: readonly string[],
  stacks: ReadonlyMap<string, StackFileSummary>,
  catalogPath: string,
): Problem[] {
  const shardRegions = [...stacks.values()].flatMap((s) =>
    s.role === "tenants" && s.environment === environment && s.region !== undefined
      ? [s.region]
      : [],
  );
  return [...new Set(shardRegions)].sort().flatMap((region): Problem[] => {
    const layout = regionShards(stacks, environment, region);
    const files = layout.shards.map(
      (shard) => `Pulumi.${shardStackName(environment, region, shard)}.yaml`,
    );
    if (!regions.includes(region)) {
      return [
        ...layout.problems,
        ...files.map((path) => ({
          path: `${path}: tenancy:region`,
          reason: `"${region}" is not a region of ${catalogPath} (${regions.join(", ")}): its shard would run no tenant; remove the stack, or add the region`,
        })),
      ];
    }
    const cluster = regionStackName(environment, region);
    // A stack file without a role is a region stack.
    const role = stacks.has(cluster) ? (stacks.get(cluster)?.role ?? "region") : undefined;
    return [
      ...layout.problems,
      ...(role !== undefined && role !== "cluster" && files.length > 0
        ? [
            {
              path: `Pulumi.${cluster}.yaml: tenancy:role`,
              reason: `${region} has tenants stacks (${files.join(", ")}), and its own stack runs its tenants too: set tenancy:role: cluster, so each tenant runs in one stack`,
            },
          ]
        : []),
    ];
  });
}
