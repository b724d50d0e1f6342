import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../components/cluster";
import { Tenant } from "../components/tenant";
import type { StackSecrets, StackSpec } from "../stacks";
import { addonVersions } from "../stacks/cluster/addons";

/** Storage accounts Azure allows per region and subscription unless raised on request. */
const AZURE_STORAGE_ACCOUNTS_PER_REGION = 250;

/** A region stack: its cluster and the tenants at home or on standby there; returns its outputs. */
export function regionStack(spec: StackSpec, secrets: StackSecrets) {
  const sourceRegions = [
    ...new Set(spec.tenants.flatMap((t) => (t.restoreFrom !== undefined ? [t.restoreFrom] : []))),
  ].sort();
  const kubernetes = new Cluster("cluster", {
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

  const tenantComponents = spec.tenants.map(
    (tenant) =>
      [
        tenant,
        new Tenant(
          tenant.name,
          { spec: tenant, cluster: kubernetes, secrets: secrets.tenants[tenant.name] ?? {} },
          { providers: [kubernetes.provider] },
        ),
      ] as const,
  );

  /**
   * Where this stack runs; `kubeconfig` is a secret, present when the program made or was given
   * one. `upgrades` says who moves its versions, `addons` the chart version of each add-on installed.
   */
  const cluster = {
    environment: spec.environment,
    platform: spec.cluster.platform,
    region: spec.region,
    name: kubernetes.clusterName,
    kubeconfig: kubernetes.kubeconfig,
    upgrades: kubernetes.upgrades,
    addons: addonVersions(spec.addons),
  };

  /** Tenants this stack runs without a licence: WorkflowGen starts unlicensed until one is given. */
  const unlicensed = spec.tenants
    .filter((tenant) => secrets.tenants[tenant.name]?.licence === undefined)
    .map(
      (tenant) =>
        `tenant ${tenant.name} has no licence in tenancy:tenantSecrets: its application runs unlicensed until one is set (or its admins create the Secret "licence")`,
    );
  for (const warning of unlicensed) void pulumi.log.warn(warning);

  /** The Gateway's static address (AKS, GKE): the global stack points tenants' hosts here. */
  const gatewayAddress = kubernetes.gatewayAddress;

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

  /** Caveats a reviewer must see (also printed at preview and in the render report). */
  const warnings = [...accepted, ...kubernetes.warnings, ...accounts, ...unlicensed];

  /**
   * Per tenant this stack runs: its URL here, namespace, this region, whether it is the tenant's
   * home or a standby, and its home region (which the global stack points the tenant's host at).
   */
  const tenants = Object.fromEntries(
    tenantComponents.map(([tenant, component]) => [
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

  /** Where this region's backups are, for the regions that restore tenants from them. */
  const backups = kubernetes.backupSource;

  return { cluster, gatewayAddress, warnings, tenants, backups };
}
