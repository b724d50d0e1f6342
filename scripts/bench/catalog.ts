import { TIERS } from "../../stacks/catalog/tiers";

/**
 * A synthetic catalog of `count` tenants for the dev stack's AKS cluster: tiers in turn, groups
 * of their own, half with open egress and half with one address, so every tenant differs a little
 * as real ones do.
 */

/** Entra ID group object id of tenant `i`'s `role` (1 admins, 2 viewers). */
export const groupOf = (i: number, role: number): string =>
  `00000000-0000-0000-${String(role).padStart(4, "0")}-${String(i).padStart(12, "0")}`;

export function tenantName(i: number, count: number): string {
  return `tenant-${String(i).padStart(String(count - 1).length, "0")}`;
}

export function syntheticTenants(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    name: tenantName(i, count),
    tier: TIERS[i % TIERS.length],
    admins: { aks: groupOf(i, 1) },
    viewers: { aks: groupOf(i, 2) },
    egress:
      i % 2 === 0
        ? ["0.0.0.0/0"]
        : [`198.51.${String(100 + Math.floor(i / 250))}.${String(i % 250)}/32`],
  }));
}
