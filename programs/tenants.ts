import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { Tenant } from "../components/tenant";
import { hostingOf, type TenantHosting } from "../components/tenant/hosting";
import type { StackSecrets, StackSpec } from "../stacks";
import type { ShardOf } from "../stacks/load";
import { hostingDigest, restoreSourceRegions } from "./cluster";

/**
 * The tenants of `spec` on `hosting` through `provider`, with their outputs and the warnings a
 * reviewer must see. Tenants never depend on each other.
 */
export function buildTenants(
  spec: StackSpec,
  secrets: StackSecrets,
  hosting: TenantHosting,
  provider: Provider,
) {
  const components = spec.tenants.map(
    (tenant) =>
      [
        tenant,
        new Tenant(
          tenant.name,
          { spec: tenant, cluster: hosting, secrets: secrets.tenants[tenant.name] ?? {} },
          { providers: [provider] },
        ),
      ] as const,
  );

  /** Tenants this stack runs without a licence: WorkflowGen starts unlicensed until one is given. */
  const unlicensed = spec.tenants
    .filter((tenant) => secrets.tenants[tenant.name]?.licence === undefined)
    .map(
      (tenant) =>
        `tenant ${tenant.name} has no licence in tenancy:tenantSecrets: its application runs unlicensed until one is set (or its admins create the Secret "licence")`,
    );
  for (const warning of unlicensed) void pulumi.log.warn(warning);

  /**
   * Per tenant this stack runs: its URL here, namespace, this region, whether it is the tenant's
   * home or a standby, and its home region (which the global stack points the tenant's host at).
   */
  const tenants = Object.fromEntries(
    components.map(([tenant, component]) => [
      tenant.name,
      {
        url: component.url,
        namespace: component.namespace,
        region: spec.region,
        role: tenant.role,
        homeRegion: tenant.homeRegion,
      },
    ]),
  );
  return { tenants, warnings: unlicensed };
}

/**
 * A tenants stack: one shard of a region's tenants on the cluster its cluster stack made, reached
 * with that stack's kubeconfig (a secret output); returns its outputs.
 * @see https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
 */
export function tenantsStack(spec: StackSpec, secrets: StackSecrets, shard: ShardOf) {
  const cluster = new pulumi.StackReference("cluster", {
    name: `${shard.organization}/${pulumi.getProject()}/${shard.clusterStack}`,
  });
  const expected = hostingDigest(spec);
  const deployed = cluster.getOutput("hosting");
  const kubeconfig = pulumi
    .all([cluster.requireOutput("cluster"), deployed])
    .apply(([facts, digest]: [{ readonly kubeconfig?: string }, unknown]) => {
      if (digest !== expected) {
        const message = `cluster stack ${shard.clusterStack} was last deployed with other cluster settings than Pulumi.${shard.clusterStack}.yaml holds: run pulumi up -s ${shard.clusterStack} before this shard`;
        // A pull request changing the cluster previews its shards before the cluster is up.
        if (pulumi.runtime.isDryRun()) void pulumi.log.warn(message);
        else throw new Error(message);
      }
      return facts.kubeconfig ?? "";
    });
  const provider = new Provider("cluster-kubernetes", {
    kubeconfig: pulumi.secret(kubeconfig),
    ...(spec.cluster.platform === "existing" ? { context: spec.cluster.context } : {}),
  });
  const hosting = hostingOf(spec.cluster, spec.addons, restoreSourceRegions(spec.tenants));
  const { tenants, warnings } = buildTenants(spec, secrets, hosting, provider);
  return {
    /** The shard, and the cluster stack it runs on. */
    shard: { name: shard.shard, region: spec.region, clusterStack: shard.clusterStack },
    warnings: [
      ...(spec.tenants.length === 0 ? [`shard ${shard.shard} runs no tenant`] : []),
      ...warnings,
    ],
    tenants,
  };
}
