import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../components/cluster";
import { hostingOf } from "../components/tenant/hosting";
import type { StackSecrets, StackSpec } from "../stacks";
import { addonVersions } from "../stacks/cluster/addons";

/** Storage accounts Azure allows per region and subscription unless raised on request. */
const AZURE_STORAGE_ACCOUNTS_PER_REGION = 250;

/** The regions whose backups `tenants` restore from, sorted. */
export const restoreSourceRegions = (tenants: StackSpec["tenants"]): string[] =>
  [...new Set(tenants.flatMap((t) => (t.restoreFrom !== undefined ? [t.restoreFrom] : [])))].sort();

/**
 * A digest of what tenants are built against (pools, classes, issuer, backups), from the cluster's
 * settings: a tenants stack compares it with its own reading of the cluster stack's file, and so
 * finds a cluster stack not yet deployed with the settings it reads.
 */
export function hostingDigest(spec: StackSpec, restoreSources: readonly string[]): string {
  const hosting = hostingOf(spec.cluster, spec.addons, restoreSources);
  const facts = {
    placement: hosting.placement,
    dataStorageClass: hosting.dataStorageClass,
    files: {
      accessMode: hosting.files.accessMode,
      sharedClass: hosting.files.sharedClass,
      tenantClass: hosting.files.tenantClass?.("<namespace>"),
    },
    issuer: hosting.addons.issuer.name,
    moveData: hosting.addons.backups?.moveData,
    restoreSources: [...(hosting.addons.backups?.sources.keys() ?? [])],
  };
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex").slice(0, 16);
}

/**
 * A region's cluster and what its tenants share, with the warnings a reviewer must see. `spec`
 * holds every tenant of the region, wherever it runs: the cluster reads the backups they restore
 * from, and its warnings name them.
 */
export function buildCluster(spec: StackSpec, secrets: StackSecrets) {
  const sourceRegions = restoreSourceRegions(spec.tenants);
  const component = new Cluster("cluster", {
    spec: spec.cluster,
    addons: spec.addons,
    environment: spec.environment,
    region: spec.region,
    allowlist: spec.allowlist,
    kubeconfig: secrets.kubeconfig,
    windowsAdminPassword: secrets.windowsAdminPassword,
    // Validation requires the organization wherever a tenant restores.
    ...(sourceRegions.length > 0 && spec.organization !== undefined
      ? {
          restoreSources: {
            organization: spec.organization,
            environment: spec.environment,
            regions: sourceRegions,
          },
        }
      : {}),
  });

  /** A risk the stack file accepts, said first: tenants' Windows pods unpoliced on GKE. */
  const accepted =
    spec.cluster.platform === "gke" &&
    spec.cluster.acceptUnpolicedWindowsPods &&
    spec.tenants.length > 1
      ? [
          `Accepted risk (tenancy:cluster.acceptUnpolicedWindowsPods): GKE enforces no documented NetworkPolicy on Windows nodes, so the Windows pods of ${spec.tenants.map((t) => t.name).join(", ")} may reach each other.`,
        ]
      : [];
  for (const warning of accepted) void pulumi.log.warn(warning);

  /**
   * Each AKS tenant's files are in a storage account of its own, and Azure caps storage accounts
   * per region and subscription: past the cap, new tenants' claims stay Pending.
   * @see https://learn.microsoft.com/en-us/azure/storage/common/scalability-targets-standard-account (250 by default, 500 on request; read 2026-12-02)
   */
  const accounts =
    spec.cluster.platform === "aks" && spec.tenants.length > AZURE_STORAGE_ACCOUNTS_PER_REGION
      ? [
          `${String(spec.tenants.length)} tenants need as many storage accounts for their files, past Azure's default of ${String(AZURE_STORAGE_ACCOUNTS_PER_REGION)} per region and subscription: ask Azure for 500, or split the region's tenants across subscriptions`,
        ]
      : [];
  for (const warning of accounts) void pulumi.log.warn(warning);

  /**
   * Where this stack runs; `kubeconfig` is a secret, present when the program made or was given
   * one. `upgrades` says who moves its versions, `addons` the chart version of each add-on installed.
   */
  const cluster = {
    environment: spec.environment,
    platform: spec.cluster.platform,
    region: spec.region,
    name: component.clusterName,
    kubeconfig: component.kubeconfig,
    upgrades: component.upgrades,
    addons: addonVersions(spec.addons),
  };

  return {
    component,
    /** Caveats a reviewer must see (also printed at preview and in the render report). */
    warnings: [...accepted, ...component.warnings, ...accounts],
    outputs: {
      cluster,
      /** The Gateway's static address (AKS, GKE): the global stack points tenants' hosts here. */
      gatewayAddress: component.gatewayAddress,
      /** Where this region's backups are, for the regions that restore tenants from them. */
      backups: component.backupSource,
    },
  };
}

/**
 * The Kubernetes objects the stack declares from here on, in the order it declares them (their
 * CustomResourceDefinitions left out: large, and no isolation rule reads them).
 */
function recordKubernetesObjects(): readonly pulumi.Inputs[] {
  const objects: pulumi.Inputs[] = [];
  pulumi.runtime.registerStackTransformation((args) => {
    const kind: unknown = args.props.kind;
    if (args.type.startsWith("kubernetes:") && typeof kind === "string") {
      if (kind !== "CustomResourceDefinition") objects.push(args.props);
    }
    return undefined;
  });
  return objects;
}

/** A cluster stack: the region's cluster, its tenants in tenants stacks; returns its outputs. */
export function clusterStack(spec: StackSpec, secrets: StackSecrets) {
  const kubernetesObjects = recordKubernetesObjects();
  const { outputs, warnings } = buildCluster(spec, secrets);
  return {
    ...outputs,
    warnings,
    /** What tenants are built against here, which each tenants stack checks it reads alike. */
    hosting: hostingDigest(spec, restoreSourceRegions(spec.tenants)),
    /**
     * Everything this stack makes in the cluster: a tenants stack's policy checks judge the
     * shard's objects with these, as one cluster (policy/policies.ts).
     */
    kubernetesObjects,
  };
}
