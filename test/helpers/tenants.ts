import { AKS_MANAGED_VNET, egressBlock } from "../../stacks/ranges";
import type { TenantSpec } from "../../stacks/spec";
import { TIER_CONTAINER_DEFAULTS, TIER_DATABASE_STORAGE, TIER_QUOTAS } from "../../stacks/tiers";

/** Address ranges of the AKS dev cluster: pods, Services, nodes, metadata. */
export const CLUSTER_RANGES = ["10.244.0.0/16", "10.0.0.0/16", AKS_MANAGED_VNET, "169.254.0.0/16"];

/** A tenant spec as validation derives it, for tests of the pure manifests and components. */
export function testTenant(
  name: string,
  overrides: Partial<TenantSpec> = {},
  egress: string[] = [],
): TenantSpec {
  return {
    name,
    namespace: name,
    tier: "small",
    host: `${name}.example.com`,
    quota: TIER_QUOTAS.small,
    containerDefaults: TIER_CONTAINER_DEFAULTS.small,
    allowlist: [],
    egress: egress.flatMap((cidr) => {
      const result = egressBlock(cidr, CLUSTER_RANGES);
      return result.ok ? [result.block] : [];
    }),
    admins: `${name}-admins`,
    registries: ["mcr.microsoft.com"],
    storageClasses: [],
    databaseStorage: TIER_DATABASE_STORAGE.small,
    decommission: false,
    ...overrides,
  };
}

/** A tenant's admin group on every platform, for catalogs that serve any stack. */
export const ADMINS = {
  aks: "00000000-0000-0000-0000-0000000000ad",
  gke: "tenant-admins@example.com",
  existing: "tenant-admins",
} as const;
