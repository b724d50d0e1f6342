import type { AksClusterSettings } from "./aks";
import type { ExistingClusterSettings } from "./existing";
import type { GkeClusterSettings } from "./gke";
import type { ContainerDefaults, Quota, Tier } from "./tiers";

/** What the program builds from a valid stack: defaults applied, names derived, nothing optional. */

export interface TenantSpec {
  /** Stable id: resource names and the namespace derive from it. */
  readonly name: string;
  readonly namespace: string;
  readonly tier: Tier;
  readonly host: string;
  readonly quota: Quota;
  readonly containerDefaults: ContainerDefaults;
  /** Sources allowed to the tenant's ingress: the stack's allowlist plus the tenant's own. */
  readonly allowlist: readonly string[];
  /** Destinations outside the cluster the tenant's pods may reach. */
  readonly egress: readonly string[];
}

export type ClusterSpec =
  | ({ readonly platform: "aks" } & AksClusterSettings)
  | ({ readonly platform: "gke" } & GkeClusterSettings)
  | ({ readonly platform: "existing" } & ExistingClusterSettings);

export interface StackSpec {
  readonly environment: string;
  readonly region: string;
  readonly domain: string;
  /** Sources allowed to the API server and to every tenant's ingress. */
  readonly allowlist: readonly string[];
  readonly cluster: ClusterSpec;
  readonly tenants: readonly TenantSpec[];
}
