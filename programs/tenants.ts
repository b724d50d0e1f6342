import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { Tenant } from "../components/tenant";
import { hostingOf, type TenantHosting } from "../components/tenant/hosting";
import type { StackSecrets, StackSpec } from "../stacks";
import type { ShardOf } from "../stacks/load";
import { CLUSTER_REFERENCE } from "../stacks/shards/names";
import { hostingDigest, restoreSourceRegions } from "./cluster";

/**
 * Tenants a preview declares at a time. A preview's registrations return without creating
 * anything, so waiting for one group before the next costs it little, and keeps what is in
 * flight (each registration's inputs, outputs and promises) to a group instead of every tenant.
 * `pulumi up` declares every tenant at once: there a registration returns once its object
 * exists, and groups would deploy in waves.
 */
export const PREVIEW_GROUP = 5;

/** Resolves once every resource in `resources` is registered. */
const registered = (resources: readonly pulumi.Resource[]): Promise<unknown> =>
  new Promise((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(resolve));

/**
 * The tenants of `spec` on `hosting` through `provider`, with their outputs and the warnings a
 * reviewer must see. Tenants never depend on each other.
 */
export async function buildTenants(
  spec: StackSpec,
  secrets: StackSecrets,
  hosting: TenantHosting,
  provider: Provider,
) {
  const group = pulumi.runtime.isDryRun() ? PREVIEW_GROUP : Infinity;
  const components: (readonly [StackSpec["tenants"][number], Tenant])[] = [];
  for (let start = 0; start < spec.tenants.length; start += group) {
    const declared: pulumi.Resource[] = [];
    const opts: pulumi.ComponentResourceOptions = {
      providers: [provider],
      transformations: [(args) => void declared.push(args.resource)],
    };
    for (const tenant of spec.tenants.slice(start, start + group)) {
      const secretsOf = secrets.tenants[tenant.name] ?? {};
      components.push([
        tenant,
        new Tenant(tenant.name, { spec: tenant, cluster: hosting, secrets: secretsOf }, opts),
      ]);
    }
    if (start + group < spec.tenants.length) await registered(declared);
  }

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
export async function tenantsStack(spec: StackSpec, secrets: StackSecrets, shard: ShardOf) {
  const cluster = new pulumi.StackReference(CLUSTER_REFERENCE, {
    name: `${shard.organization}/${pulumi.getProject()}/${shard.clusterStack}`,
  });
  const expected = hostingDigest(spec, shard.restoreSources);
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
      // Never the ambient kubeconfig of whoever runs the shard: that may be another cluster.
      if (facts.kubeconfig === undefined || facts.kubeconfig === "") {
        throw new Error(
          `cluster stack ${shard.clusterStack} exports no kubeconfig: deploy it (tenancy:role: cluster) before this shard`,
        );
      }
      return facts.kubeconfig;
    });
  const provider = new Provider("cluster-kubernetes", {
    kubeconfig: pulumi.secret(kubeconfig),
    ...(spec.cluster.platform === "existing" ? { context: spec.cluster.context } : {}),
  });
  const hosting = hostingOf(spec.cluster, spec.addons, restoreSourceRegions(spec.tenants));
  const { tenants, warnings } = await buildTenants(spec, secrets, hosting, provider);
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
