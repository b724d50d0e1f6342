import * as compute from "@pulumi/gcp/compute";
import * as container from "@pulumi/gcp/container";
import { cloudBaseName } from "../../stacks/cluster/cloud-names";
import * as pulumi from "@pulumi/pulumi";
import { gkeAuthorizedRanges, type GkeClusterSettings } from "../../stacks/cluster/gke";
import type { ClusterAccess, PlatformInputs } from "./access";
import { gkeBackupTarget } from "./backups";
import { gkeDns01Identity } from "./dns01";
import { gkeGatewayAddress } from "./gateway-address";
import { gkeKubeconfig } from "./kubeconfig";
import { gkeUpgradeOwnership } from "./upgrades";
import {
  TENANT_POOL_TAINT,
  clusterPlacement,
  poolLabels,
  tierTaint,
  type Toleration,
} from "./placement";

/** GKE's spelling of a taint: effects in upper snake case. */
const gkeTaint = (t: Toleration) => ({
  key: t.key,
  value: t.value ?? "",
  effect: t.effect.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase(),
});

const PODS_RANGE = "pods";
const SERVICES_RANGE = "services";

/** Node settings every pool shares: shielded nodes and the workload identity metadata server. */
const hardenedNode = {
  shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
  workloadMetadataConfig: { mode: "GKE_METADATA" },
  oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
};

/**
 * A GKE Standard cluster (Autopilot has no Windows): VPC-native on its own network, default pool
 * removed, Dataplane V2, workload identity, private nodes; the Linux pool first, then Windows.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/creating-a-cluster-windows
 */
export function gkeCluster(
  name: string,
  inputs: PlatformInputs<GkeClusterSettings>,
  parent: pulumi.Resource,
): ClusterAccess {
  const { settings, environment, region } = inputs;
  const { project, network: ranges } = settings;
  const baseName = cloudBaseName(environment, region);

  const network = new compute.Network(
    `${name}-network`,
    { name: baseName, project, autoCreateSubnetworks: false },
    { parent },
  );
  const subnet = new compute.Subnetwork(
    `${name}-subnet`,
    {
      name: baseName,
      project,
      region,
      network: network.id,
      ipCidrRange: ranges.nodeCidr,
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: PODS_RANGE, ipCidrRange: ranges.podCidr },
        { rangeName: SERVICES_RANGE, ipCidrRange: ranges.serviceCidr },
      ],
    },
    { parent },
  );

  const cluster = new container.Cluster(
    `${name}-gke`,
    {
      name: baseName,
      project,
      location: region,
      network: network.id,
      subnetwork: subnet.id,
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: PODS_RANGE,
        servicesSecondaryRangeName: SERVICES_RANGE,
      },
      // Dataplane V2 enforces NetworkPolicy itself; it is not combined with the Calico add-on.
      datapathProvider: "ADVANCED_DATAPATH",
      workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: settings.apiServer.private,
        masterIpv4CidrBlock: ranges.masterCidr,
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: gkeAuthorizedRanges(settings, inputs.allowlist).map((cidrBlock) => ({
          cidrBlock,
          displayName: cidrBlock,
        })),
      },
      // A floor, not a pin: the release channel upgrades past it and the provider shows no diff.
      minMasterVersion: settings.kubernetesVersion,
      releaseChannel: { channel: settings.releaseChannel },
      enableShieldedNodes: true,
      deletionProtection: settings.deletionProtection,
      authenticatorGroupsConfig: settings.securityGroup
        ? { securityGroup: settings.securityGroup }
        : undefined,
    },
    { parent },
  );

  const pool = (
    poolName: string,
    pool: { minCount: number; maxCount: number },
    nodeConfig: container.NodePoolArgs["nodeConfig"],
    opts: pulumi.CustomResourceOptions,
  ): container.NodePool =>
    new container.NodePool(
      `${name}-pool-${poolName}`,
      {
        name: poolName,
        project,
        location: region,
        cluster: cluster.name,
        initialNodeCount: pool.minCount,
        autoscaling: { minNodeCount: pool.minCount, maxNodeCount: pool.maxCount },
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig,
      },
      { parent, ...opts },
    );

  const system = settings.systemPool;
  const systemPool =
    system &&
    pool(
      system.name,
      system,
      {
        ...hardenedNode,
        machineType: system.machineType,
        imageType: "COS_CONTAINERD",
        labels: { ...poolLabels(system.name, "system"), ...system.labels },
      },
      {},
    );
  // Tenants' pools need the system pool's pods (DNS, the add-ons) running first.
  const afterSystem = { dependsOn: systemPool ? [systemPool] : [] };
  for (const linux of settings.linuxPools) {
    pool(
      linux.name,
      linux,
      {
        ...hardenedNode,
        machineType: linux.machineType,
        imageType: "COS_CONTAINERD",
        labels: { ...poolLabels(linux.name, "tenants"), ...linux.labels },
        taints: [gkeTaint(TENANT_POOL_TAINT)],
      },
      afterSystem,
    );
  }
  for (const windows of settings.windowsPools) {
    pool(
      windows.name,
      windows,
      {
        ...hardenedNode,
        machineType: windows.machineType,
        imageType: "WINDOWS_LTSC_CONTAINERD",
        windowsNodeConfig: { osversion: "OS_VERSION_LTSC2022" },
        labels: {
          ...poolLabels(windows.name, "tenants", windows.dedicatedTier),
          ...windows.labels,
        },
        // GKE taints Windows nodes node.kubernetes.io/os=windows:NoSchedule itself; only the tier taint is ours.
        taints: windows.dedicatedTier ? [gkeTaint(tierTaint(windows.dedicatedTier))] : [],
      },
      afterSystem,
    );
  }

  const kubeconfig = pulumi
    .all([cluster.name, cluster.endpoint, cluster.masterAuth])
    .apply(([clusterName, endpoint, auth]) =>
      gkeKubeconfig(clusterName, endpoint, auth.clusterCaCertificate),
    );

  const sharedWindows = settings.windowsPools
    .filter((p) => p.dedicatedTier === undefined)
    .map((p) => p.name);
  return {
    gatewayAddress: gkeGatewayAddress(name, { baseName, project, region }, parent),
    ...(inputs.backups === true
      ? { backups: gkeBackupTarget(name, { baseName, project, region }, parent) }
      : {}),
    ...(inputs.dns01?.provider === "gcp"
      ? { dns01: gkeDns01Identity(name, inputs.dns01, { project }, parent) }
      : {}),
    dependsOn: [cluster],
    clusterName: cluster.name,
    kubeconfig: pulumi.secret(kubeconfig),
    placement: clusterPlacement({ platform: "gke", ...settings }),
    upgrades: gkeUpgradeOwnership(settings),
    warnings:
      sharedWindows.length > 0
        ? [
            `GKE Windows pools ${sharedWindows.join(", ")} are shared by tenants of several tiers, and GKE does not ` +
              "document NetworkPolicy enforcement on Windows nodes (Calico for Windows is not supported on GKE; " +
              "Dataplane V2 is not documented for Windows). Pod-to-pod isolation between those tenants' Windows pods " +
              "is not assured: give each tier its own Windows pools with dedicatedTier (see README).",
          ]
        : [],
  };
}
