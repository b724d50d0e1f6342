import type { ClusterSpec } from "../../stacks/spec";
import type { Tier } from "../../stacks/catalog/tiers";

/**
 * Placement facts: the node selector and tolerations that put a pod on a pool of a given OS, or
 * on a pool dedicated to a tenant tier. Pure data; tenants copy them into their pod templates.
 */

export type Os = "linux" | "windows";

export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

export interface Placement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export interface PlacementFacts {
  readonly shared: Readonly<Record<Os, Placement>>;
  /** Windows placement per tier that has pools of its own. */
  readonly dedicatedWindows: Readonly<Partial<Record<Tier, Placement>>>;
  /**
   * Operating systems whose nodes the platform documents no NetworkPolicy enforcement on: pods
   * there are open whatever their policies say (GKE Windows nodes).
   */
  readonly unpolicedOs?: readonly Os[];
}

/** The well-known node label every kubelet sets to its OS. */
export const OS_LABEL = "kubernetes.io/os";
/** Node label naming the pool a node belongs to. */
export const POOL_LABEL = "tenancy.dev/pool";
/** Node label and taint key of a pool dedicated to a tier. */
export const TIER_LABEL = "tenancy.dev/tier";

/**
 * Node label of every pool that runs tenants' pods, and taint of the Linux ones: tenants' pods
 * must select it, so none lands on the system pool beside the cluster's and the platform's own
 * add-ons (whose credentials a container escape there would reach), and those add-ons, which do
 * not tolerate it, stay off tenants' nodes.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/isolate-workloads-dedicated-nodes
 * @see https://learn.microsoft.com/en-us/azure/aks/use-system-pools
 */
export const WORKLOAD_LABEL = "tenancy.dev/workload";
export const TENANT_WORKLOAD = "tenants";
export const TENANT_POOL_TAINT: Toleration = {
  key: WORKLOAD_LABEL,
  operator: "Equal",
  value: TENANT_WORKLOAD,
  effect: "NoSchedule",
};

/**
 * Taint our AKS Windows pools carry, since AKS does not taint Windows nodes.
 * @see https://learn.microsoft.com/en-us/azure/aks/windows-faq
 */
export const WINDOWS_TAINT: Toleration = {
  key: "os",
  operator: "Equal",
  value: "windows",
  effect: "NoSchedule",
};

/**
 * Taint GKE puts on every Windows node itself.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/creating-a-cluster-windows
 */
export const GKE_WINDOWS_TAINT: Toleration = {
  key: "node.kubernetes.io/os",
  operator: "Equal",
  value: "windows",
  effect: "NoSchedule",
};

export function tierTaint(tier: Tier): Toleration {
  return { key: TIER_LABEL, operator: "Equal", value: tier, effect: "NoSchedule" };
}

/** Labels our program puts on a pool's nodes, before the user's own; tenants' pools say so. */
export function poolLabels(
  pool: string,
  role: "system" | "tenants",
  dedicatedTier?: Tier,
): Record<string, string> {
  return {
    [POOL_LABEL]: pool,
    ...(role === "tenants" ? { [WORKLOAD_LABEL]: TENANT_WORKLOAD } : {}),
    ...(dedicatedTier ? { [TIER_LABEL]: dedicatedTier } : {}),
  };
}

/**
 * Placement on a cluster whose Windows nodes carry `windowsTaints`, where `dedicatedTiers` own
 * Windows pools; with `tenantPools`, tenants' pods run on the pools labelled for them (and the
 * Linux ones tainted), never on the system pool. Shared Windows placement never tolerates a tier
 * taint, so shared pods stay off dedicated pools.
 */
export function placementFacts(
  windowsTaints: readonly Toleration[],
  dedicatedTiers: readonly Tier[],
  tenantPools: boolean,
): PlacementFacts {
  const tenants: Record<string, string> = tenantPools ? { [WORKLOAD_LABEL]: TENANT_WORKLOAD } : {};
  const windows: Placement = {
    nodeSelector: { [OS_LABEL]: "windows", ...tenants },
    tolerations: windowsTaints,
  };
  const linux: Placement = {
    nodeSelector: { [OS_LABEL]: "linux", ...tenants },
    tolerations: tenantPools ? [TENANT_POOL_TAINT] : [],
  };
  return {
    shared: { linux, windows },
    dedicatedWindows: Object.fromEntries(
      [...new Set(dedicatedTiers)].map((tier) => [
        tier,
        {
          nodeSelector: { ...windows.nodeSelector, [TIER_LABEL]: tier },
          tolerations: [...windowsTaints, tierTaint(tier)],
        },
      ]),
    ),
  };
}

/** Where a tenant of `tier` runs its `os` pods: its tier's dedicated pools if any, else shared ones. */
export function placementFor(facts: PlacementFacts, os: Os, tier: Tier): Placement {
  return os === "windows"
    ? (facts.dedicatedWindows[tier] ?? facts.shared.windows)
    : facts.shared.linux;
}

/** Placement facts of a validated cluster: which taints its Windows nodes carry, which tiers own pools. */
export function clusterPlacement(spec: ClusterSpec): PlacementFacts {
  const dedicated = (pools: readonly { dedicatedTier?: Tier }[]): Tier[] =>
    pools.flatMap((p) => (p.dedicatedTier ? [p.dedicatedTier] : []));
  switch (spec.platform) {
    case "aks":
      return placementFacts([WINDOWS_TAINT], dedicated(spec.windowsPools), true);
    case "gke":
      // No GKE document says Dataplane V2 enforces NetworkPolicy on Windows nodes, and Calico for
      // Windows is not supported on GKE (shared/ARCHITECTURE.md, "Platform facts").
      return {
        ...placementFacts([GKE_WINDOWS_TAINT], dedicated(spec.windowsPools), true),
        unpolicedOs: ["windows"],
      };
    case "existing":
      // Someone else's Windows pools may carry our taint or GKE's: tolerate both. Its pools are
      // not ours to label: tenants' pods go wherever the cluster's own rules put them.
      return placementFacts([WINDOWS_TAINT, GKE_WINDOWS_TAINT], [], false);
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
    }
  }
}
