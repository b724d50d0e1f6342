/** Labels other code relies on (shared/ARCHITECTURE.md, "Contracts"). */

export const MANAGED_BY = { "app.kubernetes.io/managed-by": "tenancy" } as const;

/** Carried by every tenant namespace; the value is the tenant name. */
export const TENANT_LABEL = "tenancy.dev/tenant";

/** Labels of an object the program creates for tenant `tenant`. */
export function tenantLabels(tenant: string): Record<string, string> {
  return { ...MANAGED_BY, [TENANT_LABEL]: tenant };
}
