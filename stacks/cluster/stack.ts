import { z } from "zod";
import { addonsSchema } from "./addons";
import { aksClusterSchema } from "./aks";
import { existingClusterSchema } from "./existing";
import { gkeClusterSchema } from "./gke";
import { cidrList, dnsLabel, pulumiOrganization } from "../fields/fields";

/** The config namespace of every key this program reads (`tenancy:platform`, …). */
export const NAMESPACE = "tenancy";

export const PLATFORMS = ["aks", "gke", "existing"] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * Top-level keys of a stack file (`Pulumi.<stack>.yaml`), without the `tenancy:` prefix.
 * `cluster` is checked by its platform's schema once `platform` is known.
 */
export const stackSchema = z.strictObject({
  /** Environment whose catalog (`stacks/<environment>.yaml`) this stack deploys. */
  environment: dnsLabel,
  /**
   * `region`: the cluster and the region's tenants in one stack. `cluster`: the cluster and all
   * its tenants share, its tenants in `tenants` stacks (stacks/shards/tenants-stack.ts). `global`:
   * DNS for every region (stacks/global/global.ts). @default region
   */
  role: z.enum(["region", "cluster"]).optional(),
  /** Where the cluster comes from. */
  platform: z.enum(PLATFORMS),
  /** Cloud region of the cluster (AKS location, GKE region); a label for existing clusters. */
  region: z.string().min(1),
  /**
   * Pulumi organization (or user) owning the environment's stacks. Needed where a tenant restores
   * from another region: that region's stack, `<organization>/tenancy/<environment>-<region>`,
   * says where its backups are.
   */
  organization: pulumiOrganization.optional(),
  /** Source CIDRs allowed to reach the API server and every tenant's ingress; @default []. */
  allowlist: cidrList.default([]),
  /** Kubeconfig of an existing cluster; secret (`pulumi config set --secret`). */
  kubeconfig: z.string().min(1).optional(),
  /** Password of the AKS Windows nodes' administrator; secret. @default generated */
  windowsAdminPassword: z.string().min(1).optional(),
  /** Envoy Gateway, cert-manager and the certificates' issuer: see addons.ts. */
  addons: addonsSchema,
  /** Per tenant, its licence and database password; secret. See stacks/secrets/tenant-secrets.ts. */
  tenantSecrets: z.unknown().optional(),
  /** Platform settings: see existing.ts, aks.ts, gke.ts. */
  cluster: z.unknown().optional(),
});

export type StackSettings = z.output<typeof stackSchema>;

/** Keys whose value is a structure: the CLI hands them to the program as JSON text. */
export const STRUCTURED_KEYS: ReadonlySet<string> = new Set([
  "allowlist",
  "addons",
  "cluster",
  "tenantSecrets",
]);

/** Keys that must be set as secrets, and are never printed. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "kubeconfig",
  "windowsAdminPassword",
  "tenantSecrets",
]);

export const clusterSchemas = {
  aks: aksClusterSchema,
  gke: gkeClusterSchema,
  existing: existingClusterSchema,
} as const;
