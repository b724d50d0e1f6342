import type { AddonsSpec } from "./cluster/addons";
import type { ClusterSpec } from "./cluster/spec";
import type { TenantSpec } from "./catalog/spec";

/** What the program builds from a valid stack: defaults applied, names derived, nothing optional. */

export type { ClusterSpec } from "./cluster/spec";
export type { TenantSpec } from "./catalog/spec";

export interface StackSpec {
  readonly environment: string;
  /** Pulumi organization owning the environment's stacks; set where a tenant restores. */
  readonly organization?: string;
  readonly region: string;
  readonly domain: string;
  /** Sources allowed to the API server and to every tenant's ingress. */
  readonly allowlist: readonly string[];
  readonly cluster: ClusterSpec;
  /** What the cluster installs for tenants' applications, and their certificates' issuer. */
  readonly addons: AddonsSpec;
  readonly tenants: readonly TenantSpec[];
}
