import type { TenantEntry } from "./catalog";
import type { Problem } from "../fields/problems";
import { NAMESPACE } from "../cluster/stack";

/**
 * Which region stacks run which tenants. A tenant has one home region, whose instance its host
 * points at, and standby regions that run the same objects at a regional host; a region stack
 * runs the tenants whose home or standby it is. Without `regions` in the catalog, every stack of
 * the environment runs every tenant as home (one region per environment).
 */

export type RegionRole = "home" | "standby";

export interface Placement {
  readonly role: RegionRole;
  readonly home: string;
  /** `<name>.<region>.<domain>` when the catalog lists regions: the instance's own host. */
  readonly regionalHost?: string;
  /** The region whose latest backup this instance starts from; absent: it starts empty. */
  readonly restoreFrom?: string;
}

export interface Homes {
  /** By catalog index; absent when the stack's region does not run the tenant. */
  readonly placements: ReadonlyMap<number, Placement>;
  readonly problems: Problem[];
}

/** The tenant's home region: its own, or the catalog's only region. */
export function homeRegion(
  regions: readonly string[],
  entry: Pick<TenantEntry, "region">,
): string | undefined {
  return entry.region ?? (regions.length === 1 ? regions[0] : undefined);
}

export function homes(
  regions: readonly string[] | undefined,
  entries: readonly Pick<TenantEntry, "name" | "region" | "standby" | "restoreFrom">[],
  stackRegion: string,
  domain: string,
  catalogPath: string,
): Homes {
  const problems: Problem[] = [];
  const placements = new Map<number, Placement>();
  const at = (index: number, key: string): string => `${catalogPath}: tenants[${index}].${key}`;
  if (regions === undefined) {
    entries.forEach((entry, index) => {
      const placed = (["region", "standby", "restoreFrom"] as const).find((key) =>
        key === "standby" ? entry.standby.length > 0 : entry[key] !== undefined,
      );
      if (placed !== undefined) {
        problems.push({
          path: at(index, placed),
          reason: `list the environment's regions first: add regions: [${stackRegion}, …] to ${catalogPath}`,
        });
      }
      placements.set(index, { role: "home", home: stackRegion });
    });
    return { placements, problems };
  }
  const listed = `one of ${catalogPath} regions (${regions.join(", ")})`;
  if (!regions.includes(stackRegion)) {
    problems.push({
      path: `${NAMESPACE}:region`,
      reason: `"${stackRegion}" is not ${listed}: add it there, so tenants can name it`,
    });
  }
  entries.forEach((entry, index) => {
    const home = homeRegion(regions, entry);
    if (home === undefined) {
      problems.push({
        path: at(index, "region"),
        reason: `required: the tenant's home region, ${listed}`,
      });
      return;
    }
    if (!regions.includes(home)) {
      problems.push({ path: at(index, "region"), reason: `"${home}" is not ${listed}` });
    }
    entry.standby.forEach((region, i) => {
      if (region === home) {
        problems.push({
          path: at(index, `standby[${String(i)}]`),
          reason: `"${region}" is the tenant's home region: a standby runs elsewhere, remove it`,
        });
      } else if (!regions.includes(region)) {
        problems.push({
          path: at(index, `standby[${String(i)}]`),
          reason: `"${region}" is not ${listed}`,
        });
      }
    });
    if (entry.restoreFrom !== undefined && !regions.includes(entry.restoreFrom)) {
      problems.push({
        path: at(index, "restoreFrom"),
        reason: `"${entry.restoreFrom}" is not ${listed}`,
      });
    }
    const role: RegionRole | undefined =
      home === stackRegion ? "home" : entry.standby.includes(stackRegion) ? "standby" : undefined;
    if (role !== undefined) {
      const restores = entry.restoreFrom !== undefined && entry.restoreFrom !== stackRegion;
      placements.set(index, {
        role,
        home,
        regionalHost: `${entry.name}.${stackRegion}.${domain}`,
        ...(restores ? { restoreFrom: entry.restoreFrom } : {}),
      });
    }
  });
  return { placements, problems };
}
