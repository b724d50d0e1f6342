/** Labels other code relies on (shared/ARCHITECTURE.md, "Contracts"). */

export const MANAGED_BY = { "app.kubernetes.io/managed-by": "tenancy" } as const;

/** Carried by every tenant namespace; the value is the tenant name. */
export const TENANT_LABEL = "tenancy.dev/tenant";

/** Labels of an object the program creates for tenant `tenant`. */
export function tenantLabels(tenant: string): Record<string, string> {
  return { ...MANAGED_BY, [TENANT_LABEL]: tenant };
}

/**
 * Carried by what a tenant's data is (its volumes' claims) and what reads it (the database
 * credentials, the application's keys): what a restore into another region brings back.
 */
export const DATA_LABEL = { "tenancy.dev/data": "true" } as const;

/** The API server sets this label on every namespace to its name; tenants cannot change it. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Namespace annotations with what a tenant may use and do; the guardrail rules and the
 * reachability analysis read them, so a dump of a live cluster is judged like a render.
 */
export const ALLOWED = {
  registries: "tenancy.dev/allowed-registries",
  storageClasses: "tenancy.dev/allowed-storage-classes",
  /** The tenant's hosts in this region: the only hostnames its routes may name. */
  hosts: "tenancy.dev/hosts",
  /** The tenant's groups: the only groups its bindings may name. */
  groups: "tenancy.dev/groups",
  /** `key=value` node selectors of the tenant's placement: the only ones its pods may use. */
  nodeSelectors: "tenancy.dev/allowed-node-selectors",
  /** `key=value` node selectors every pod of the tenant must have: those all its placements share. */
  requiredNodeSelectors: "tenancy.dev/required-node-selectors",
  /** `key=value:effect` tolerations of the tenant's placement: the only ones its pods may have. */
  tolerations: "tenancy.dev/allowed-tolerations",
  /** Operating systems whose pods run where NetworkPolicy is not enforced (`windows` on GKE). */
  unpolicedOs: "tenancy.dev/unpoliced-os",
  /** JSON array of `{from, to, port}`: every flow the tenant's application needs. */
  flows: "tenancy.dev/allowed-flows",
} as const;
