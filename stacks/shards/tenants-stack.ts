import { z } from "zod";
import { parseCatalog } from "../catalog/parse";
import { NAMESPACE, stackSchema } from "../cluster/stack";
import { dnsLabel, pulumiOrganization } from "../fields/fields";
import type { StackInput } from "../fields/input";
import type { Problem } from "../fields/problems";
import { parseSettings } from "../secrets/settings";
import { stackTenantSecrets, type TenantSecrets } from "../secrets/tenant-secrets";
import type { StackSpec } from "../spec";
import type { Validation } from "../validate";
import { regionStackName, shardStackName } from "./names";

/**
 * A `tenants` stack (`Pulumi.<environment>-<region>-tenants-<shard>.yaml`): one shard of a
 * region's tenants, on the cluster its `cluster` stack (`<environment>-<region>`) made. It reads
 * the cluster's settings from that stack's file, so every tenant rule runs before anything is
 * created, and the cluster's kubeconfig from that stack's outputs.
 */

const PREFIX = `${NAMESPACE}:`;

export const tenantsStackSchema = z.strictObject({
  /** Environment whose catalog (`stacks/<environment>.yaml`) the shard's tenants come from. */
  environment: dnsLabel,
  /** `tenants`: one shard of a region's tenants, on the region's `cluster` stack. */
  role: z.literal("tenants"),
  /** Region of the cluster stack, `<environment>-<region>`, the shard runs on. */
  region: z.string().min(1),
  /** The shard: the catalog's tenants whose `shard` it is run here, in this region. */
  shard: dnsLabel,
  /**
   * Pulumi organization (or user) owning the environment's stacks: the cluster stack is read as
   * `<organization>/tenancy/<environment>-<region>`.
   */
  organization: pulumiOrganization,
  /** Per tenant, its licence and database password; secret. See stacks/secrets/tenant-secrets.ts. */
  tenantSecrets: z.unknown().optional(),
  /**
   * Pulumi.yaml gives every stack this key's default, `[]`; a shard's tenants take the cluster
   * stack's, and any other value is refused.
   */
  allowlist: z.array(z.never()).optional(),
});

export type TenantsValidation =
  | {
      readonly ok: true;
      readonly role: "tenants";
      /** The cluster stack's spec, with this shard's tenants only. */
      readonly spec: StackSpec;
      readonly shard: string;
      /** Name of the cluster stack the shard runs on. */
      readonly clusterStack: string;
      readonly organization: string;
      /** Per tenant name, its secrets from `tenancy:tenantSecrets`, in plain text. */
      readonly tenantSecrets: Readonly<Record<string, TenantSecrets>>;
      /** The regions the cluster stack reads backups of, for all the region's tenants. */
      readonly restoreSources: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Keys of the cluster stack, which a shard takes from there and may not set. */
const CLUSTER_KEYS = Object.keys(stackSchema.shape).filter(
  (key) => !(key in tenantsStackSchema.shape),
);

/**
 * Checks a tenants stack, its cluster stack's file and the catalog; returns the shard's spec or
 * every problem. `validateCluster` is the cluster stack's own validation.
 */
export function validateTenantsStack(
  input: StackInput,
  validateCluster: (input: StackInput) => Validation,
): TenantsValidation {
  const problems: Problem[] = [...(input.fileProblems ?? [])];
  const plainSecrets: Problem[] = [];
  const config = Object.fromEntries(
    Object.entries(input.config).filter(([key]) => {
      const misplaced = CLUSTER_KEYS.some((k) => key === `${PREFIX}${k}`);
      if (misplaced) {
        problems.push({
          path: key,
          reason: `a tenants stack runs on its cluster stack, whose file sets this: remove it here`,
        });
      }
      return !misplaced;
    }),
  );
  const { settings, partial } = parseSettings(
    tenantsStackSchema,
    { ...input, config },
    problems,
    plainSecrets,
  );
  const { environment, region, shard } = partial;
  // A stack named for another shard would run that shard's tenants: said alone, as all else would
  // follow from it.
  const named =
    environment !== undefined && region !== undefined && shard !== undefined
      ? shardStackName(environment, region, shard)
      : undefined;
  if (input.stackName !== undefined && named !== undefined && named !== input.stackName) {
    return {
      ok: false,
      problems: [
        {
          path: `Pulumi.${input.stackName}.yaml`,
          reason: `its keys make it ${named}: fix tenancy:environment, tenancy:region or tenancy:shard, or name the stack ${named}`,
        },
      ],
    };
  }
  const cluster =
    environment !== undefined && region !== undefined
      ? clusterSpec(input, environment, region, validateCluster, problems)
      : undefined;
  if (
    cluster?.spec.organization !== undefined &&
    partial.organization !== undefined &&
    cluster.spec.organization !== partial.organization
  ) {
    problems.push({
      path: `${PREFIX}organization`,
      reason: `"${partial.organization}" is not the cluster stack's organization, "${cluster.spec.organization}": its stack would be read from another organization`,
    });
  }
  const tenants = cluster?.spec.tenants.filter((t) => t.shard === shard) ?? [];
  const catalog =
    cluster !== undefined && environment !== undefined
      ? parseCatalog(input, environment, [])
      : undefined;
  const secrets = stackTenantSecrets(
    partial.tenantSecrets,
    catalog,
    tenants.filter((t) => t.restoreFrom !== undefined),
  );
  problems.push(...secrets.problems, ...plainSecrets);
  if (problems.length > 0 || settings === undefined || cluster === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    role: "tenants",
    spec: { ...cluster.spec, organization: settings.organization, tenants },
    shard: settings.shard,
    clusterStack: cluster.stack,
    organization: settings.organization,
    tenantSecrets: secrets.secrets,
    restoreSources: [
      ...new Set(cluster.spec.tenants.flatMap((t) => (t.restoreFrom ? [t.restoreFrom] : []))),
    ].sort(),
  };
}

/** The cluster stack's spec, from its file; its problems named at that file. */
function clusterSpec(
  input: StackInput,
  environment: string,
  region: string,
  validateCluster: (input: StackInput) => Validation,
  problems: Problem[],
): { readonly stack: string; readonly spec: StackSpec } | undefined {
  const stack = regionStackName(environment, region);
  const file = `Pulumi.${stack}.yaml`;
  const source = input.readStackConfig?.(stack);
  if (source === undefined) {
    problems.push({
      path: `${PREFIX}region`,
      reason: `${region} has no cluster stack ${file} in ${environment}: add it with tenancy:role: cluster (docs/operations.md "Shards"), or fix the region`,
    });
    return undefined;
  }
  if ("error" in source) {
    problems.push({ path: file, reason: `${source.error}: fix it` });
    return undefined;
  }
  const role = source.config[`${PREFIX}role`];
  if (role !== "cluster") {
    problems.push({
      path: `${file}: ${PREFIX}role`,
      reason: `is ${role ?? "region (the default)"}, which runs the region's tenants itself: set it to cluster, so its tenants run in their shards and nowhere else`,
    });
    return undefined;
  }
  const result = validateCluster({
    config: source.config,
    secretKeys: source.secretKeys,
    readCatalog: input.readCatalog,
    ...(input.stackFiles !== undefined ? { stackFiles: input.stackFiles } : {}),
  });
  if (!result.ok) {
    // Each problem once, at its file: the catalog's name theirs already.
    problems.push(
      ...result.problems.map((p) =>
        p.path.includes(".yaml") ? p : { path: `${file}: ${p.path}`, reason: p.reason },
      ),
    );
    return undefined;
  }
  return result.role === "cluster" ? { stack, spec: result.spec } : undefined;
}
