import type { ClusterAddons } from "../../components/cluster/addons";
import { applicationSpec } from "../../stacks/catalog/application";
import { AKS_MANAGED_VNET, egressBlock } from "../../stacks/cluster/ranges";
import type { TenantSpec } from "../../stacks/spec";
import {
  TIER_CONTAINER_DEFAULTS,
  TIER_DATABASE_STORAGE,
  TIER_FILE_STORAGE,
  TIER_QUOTAS,
} from "../../stacks/catalog/tiers";

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
    hosts: [`${name}.example.com`],
    region: "westeurope",
    role: "home",
    homeRegion: "westeurope",
    quota: TIER_QUOTAS.small,
    containerDefaults: TIER_CONTAINER_DEFAULTS.small,
    allowlist: [],
    egress: egress.flatMap((cidr) => {
      const result = egressBlock(cidr, CLUSTER_RANGES);
      return result.ok ? [result.block] : [];
    }),
    admins: `${name}-admins`,
    registries: ["mcr.microsoft.com", "docker.io/advantys"],
    storageClasses: [],
    databaseStorage: TIER_DATABASE_STORAGE.small,
    fileStorage: TIER_FILE_STORAGE.small,
    application: applicationSpec(
      { ...APPLICATION, webReplicas: 2, databaseEdition: "Express", settings: {} },
      undefined,
    ),
    decommission: false,
    selfServiceRoutes: false,
    ...overrides,
  };
}

/** A tenant's admin group on every platform, for catalogs that serve any stack. */
export const ADMINS = {
  aks: "00000000-0000-0000-0000-0000000000ad",
  gke: "tenant-admins@example.com",
  existing: "tenant-admins",
} as const;

/** The catalog's `application`, as a catalog writes it. */
export const APPLICATION = {
  images: {
    web: "docker.io/advantys/workflowgen:10.4.0-win-ltsc2022",
    database: "docker.io/advantys/workflowgen-sql:10.4.0-ubuntu-22.04",
  },
} as const;

/** The catalog keys every test catalog needs besides its tenants. */
export const CATALOG_BASE = {
  registries: ["mcr.microsoft.com", "docker.io/advantys"],
  application: APPLICATION,
} as const;

/** The stack's `tenancy:addons`: nothing installed, an issuer the cluster has. */
export const ADDONS = {
  envoyGateway: { install: false },
  certManager: { install: false },
  velero: { install: false },
  issuer: { name: "corporate-ca" },
} as const;

/** A valid GKE cluster's settings: its system pool, a tenants' Linux pool and a Windows pool. */
export const GKE_CLUSTER = {
  project: "tenancy-test-123",
  kubernetesVersion: "1.35",
  securityGroup: "gke-security-groups@example.com",
  systemPool: { name: "system", machineType: "e2-standard-4", minCount: 1, maxCount: 3 },
  linuxPools: [{ name: "linux", machineType: "e2-standard-4", minCount: 1, maxCount: 3 }],
  windowsPools: [{ name: "win", machineType: "n2-standard-8", minCount: 1, maxCount: 3 }],
} as const;

/** A cluster's add-ons as tenants see them: a Let's Encrypt issuer. */
export const TEST_ADDONS: ClusterAddons = {
  edgeReady: [],
  issuer: { name: "letsencrypt-production", ready: [] },
};
