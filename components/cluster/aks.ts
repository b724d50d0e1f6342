import * as containerservice from "@pulumi/azure-native/containerservice";
import * as resources from "@pulumi/azure-native/resources";
import { cloudBaseName } from "../../stacks/cluster/cloud-names";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  authorizedRanges,
  defaultDnsServiceIp,
  type AksClusterSettings,
} from "../../stacks/cluster/aks";
import type { ClusterAccess, PlatformInputs } from "./access";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { aksBackupTarget } from "./backups";
import { aksDns01Identity } from "./dns01";
import { aksGatewayAddress } from "./gateway-address";
import { withKubeloginMode } from "./kubeconfig";
import {
  TENANT_POOL_TAINT,
  WINDOWS_TAINT,
  clusterPlacement,
  poolLabels,
  tierTaint,
} from "./placement";
import { aksUpgradeOwnership } from "./upgrades";

export interface AksInputs extends PlatformInputs<AksClusterSettings> {
  readonly windowsAdminPassword?: pulumi.Input<string>;
}

const taintText = (t: { key: string; value?: string; effect: string }): string =>
  `${t.key}=${t.value ?? ""}:${t.effect}`;

/**
 * An AKS cluster: the Linux system pool inline, every Windows pool as its own AgentPool (adding
 * one to the inline list of an existing cluster fails), Azure CNI overlay with Calico, Entra ID
 * with Azure RBAC and no local accounts, and a kubeconfig from the user credentials.
 * @see https://learn.microsoft.com/en-us/azure/aks/learn/quick-windows-container-deploy-cli
 */
export function aksCluster(
  name: string,
  inputs: AksInputs,
  parent: pulumi.Resource,
): ClusterAccess {
  const { settings, environment, region } = inputs;
  const baseName = cloudBaseName(environment, region);
  const resourceGroupName =
    settings.resourceGroup ??
    new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: `rg-${baseName}`, location: region },
      { parent },
    ).name;

  const adminPassword =
    inputs.windowsAdminPassword ??
    new random.RandomPassword(
      `${name}-windows-admin`,
      {
        length: 24,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
        minSpecial: 1,
        overrideSpecial: "!#%*()-_=+[]{}:?",
      },
      { parent },
    ).result;

  const { systemPool, network, apiServer } = settings;
  const upgrades = aksUpgradeOwnership(settings);
  const ranges = authorizedRanges(settings, inputs.allowlist);
  const cluster = new containerservice.ManagedCluster(
    `${name}-aks`,
    {
      resourceName: `aks-${baseName}`,
      resourceGroupName,
      location: region,
      dnsPrefix: baseName,
      kubernetesVersion: settings.kubernetesVersion,
      identity: { type: "SystemAssigned" },
      sku: { name: "Base", tier: settings.skuTier },
      agentPoolProfiles: [
        {
          name: systemPool.name,
          mode: "System",
          osType: "Linux",
          type: "VirtualMachineScaleSets",
          vmSize: systemPool.vmSize,
          // Named, so a minor upgrade of the stack moves the system pool with the control plane.
          orchestratorVersion: settings.kubernetesVersion,
          count: systemPool.minCount,
          enableAutoScaling: true,
          minCount: systemPool.minCount,
          maxCount: systemPool.maxCount,
          availabilityZones: systemPool.zones,
          maxPods: systemPool.maxPods,
          nodeLabels: { ...poolLabels(systemPool.name, "system"), ...systemPool.labels },
        },
      ],
      networkProfile: {
        networkPlugin: network.plugin,
        networkPluginMode: network.plugin === "azure" ? network.pluginMode : undefined,
        networkPolicy: network.policy === "none" ? undefined : network.policy,
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        dnsServiceIP: network.dnsServiceIP ?? defaultDnsServiceIp(network.serviceCidr),
        loadBalancerSku: "standard",
      },
      aadProfile: {
        managed: true,
        enableAzureRBAC: true,
        adminGroupObjectIDs: settings.adminGroupObjectIds,
      },
      disableLocalAccounts: true,
      enableRBAC: true,
      apiServerAccessProfile: apiServer.private
        ? { enablePrivateCluster: true }
        : { authorizedIPRanges: [...ranges] },
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      autoUpgradeProfile: {
        upgradeChannel: settings.upgradeChannel,
        nodeOSUpgradeChannel: settings.nodeOsUpgradeChannel,
      },
      windowsProfile: { adminUsername: settings.windowsAdminUsername, adminPassword },
    },
    // The autoscaler owns node counts once the cluster exists, the upgrade channel what it moves.
    { parent, ignoreChanges: ["agentPoolProfiles[0].count", ...upgrades.clusterIgnores] },
  );

  // Tenants' pools: Linux ones tainted for tenants, Windows ones by OS (AKS taints neither).
  const userPools = [
    ...settings.linuxPools.map((pool) => ({
      pool,
      os: { osType: "Linux" },
      taints: [TENANT_POOL_TAINT],
      labels: poolLabels(pool.name, "tenants"),
    })),
    ...settings.windowsPools.map((pool) => ({
      pool,
      os: { osType: "Windows", osSKU: pool.osSku, enableFIPS: pool.enableFips },
      taints: [WINDOWS_TAINT, ...(pool.dedicatedTier ? [tierTaint(pool.dedicatedTier)] : [])],
      labels: poolLabels(pool.name, "tenants", pool.dedicatedTier),
    })),
  ];
  for (const { pool, os, taints, labels } of userPools) {
    new containerservice.AgentPool(
      `${name}-pool-${pool.name}`,
      {
        agentPoolName: pool.name,
        resourceGroupName,
        resourceName: cluster.name,
        mode: "User",
        ...os,
        vmSize: pool.vmSize,
        count: pool.minCount,
        enableAutoScaling: true,
        minCount: pool.minCount,
        maxCount: pool.maxCount,
        availabilityZones: pool.zones,
        maxPods: pool.maxPods,
        orchestratorVersion: settings.kubernetesVersion,
        nodeLabels: { ...labels, ...pool.labels },
        nodeTaints: taints.map(taintText),
      },
      { parent, ignoreChanges: ["count", ...upgrades.poolIgnores] },
    );
  }

  const credentials = containerservice.listManagedClusterUserCredentialsOutput(
    { resourceGroupName, resourceName: cluster.name, format: "exec" },
    { parent },
  );
  const kubeconfig = credentials.kubeconfigs.apply((configs) => {
    const encoded = configs[0]?.value ?? "";
    return withKubeloginMode(Buffer.from(encoded, "base64").toString("utf8"), "azurecli");
  });

  return {
    gatewayAddress: aksGatewayAddress(
      name,
      {
        baseName,
        resourceGroupName,
        region,
        zones: systemPool.zones,
        clusterPrincipalId: cluster.identity.apply((identity) => identity?.principalId ?? ""),
      },
      parent,
    ),
    ...(inputs.backups === true
      ? {
          backups: aksBackupTarget(
            name,
            {
              baseName,
              subscriptionId: getClientConfigOutput({ parent }).subscriptionId,
              resourceGroupName,
              region,
              oidcIssuer: cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? ""),
            },
            parent,
          ),
        }
      : {}),
    ...(inputs.dns01?.provider === "azure"
      ? {
          dns01: aksDns01Identity(
            name,
            inputs.dns01,
            {
              baseName,
              resourceGroupName,
              region,
              oidcIssuer: cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? ""),
            },
            parent,
          ),
        }
      : {}),
    dependsOn: [cluster],
    clusterName: cluster.name,
    kubeconfig: pulumi.secret(kubeconfig),
    placement: clusterPlacement({ platform: "aks", ...settings }),
    upgrades,
    warnings: [],
  };
}
