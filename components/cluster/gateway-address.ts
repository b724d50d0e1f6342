import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { PublicIPAddress } from "@pulumi/azure-native/network";
import { Address } from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";

/**
 * A static public address for the Gateway's load balancer, made apart from the Gateway, so DNS
 * keeps pointing at the same address when the edge is reinstalled. (Its resources keep the names
 * they had as the ingress address, so existing stacks keep their address.)
 */
export interface GatewayAddress {
  readonly address: pulumi.Output<string>;
  /**
   * Fields of the proxies' Service in Envoy Gateway's EnvoyProxy
   * (`spec.provider.kubernetes.envoyService`) that give it this address.
   */
  readonly service: Record<string, unknown>;
  /** What must exist before the controller asks for the address. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** Built-in Azure role the cluster's identity needs to attach a load balancer to the address. */
const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";

/**
 * AKS: a Standard static public IP in the cluster's resource group, which the cluster's identity
 * may use as Network Contributor there.
 * @see https://learn.microsoft.com/en-us/azure/aks/static-ip
 */
export function aksGatewayAddress(
  name: string,
  inputs: {
    readonly baseName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly region: string;
    readonly zones: readonly string[];
    readonly clusterPrincipalId: pulumi.Input<string>;
  },
  parent: pulumi.Resource,
): GatewayAddress {
  // Named, not read back from the resource, so the proxies' Service is known at preview.
  const ipName = `pip-${inputs.baseName}-ingress`;
  const ip = new PublicIPAddress(
    `${name}-ingress-ip`,
    {
      publicIpAddressName: ipName,
      resourceGroupName: inputs.resourceGroupName,
      location: inputs.region,
      sku: { name: "Standard", tier: "Regional" },
      publicIPAllocationMethod: "Static",
      ...(inputs.zones.length > 0 ? { zones: [...inputs.zones] } : {}),
    },
    { parent },
  );
  // `/subscriptions/<id>/resourceGroups/<name>` of the address, read from its id.
  const resourceGroupId = ip.id.apply((id) => id.split("/providers/")[0] ?? id);
  const subscriptionId = resourceGroupId.apply((id) => id.split("/resourceGroups/")[0] ?? id);
  const canUse = new RoleAssignment(
    `${name}-ingress-ip-network-contributor`,
    {
      principalId: inputs.clusterPrincipalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: pulumi.interpolate`${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${NETWORK_CONTRIBUTOR}`,
      scope: resourceGroupId,
    },
    { parent },
  );
  return {
    address: ip.ipAddress.apply((address) => address ?? ""),
    service: {
      annotations: {
        "service.beta.kubernetes.io/azure-load-balancer-resource-group": inputs.resourceGroupName,
        "service.beta.kubernetes.io/azure-pip-name": ipName,
      },
    },
    dependsOn: [canUse],
  };
}

/**
 * GKE: a regional external address, given to the proxies' Service as its load balancer IP.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
 */
export function gkeGatewayAddress(
  name: string,
  inputs: { readonly baseName: string; readonly project: string; readonly region: string },
  parent: pulumi.Resource,
): GatewayAddress {
  const address = new Address(
    `${name}-ingress-ip`,
    {
      name: `${inputs.baseName}-ingress`,
      project: inputs.project,
      region: inputs.region,
      addressType: "EXTERNAL",
      networkTier: "PREMIUM",
    },
    { parent },
  );
  return {
    address: address.address,
    service: { loadBalancerIP: address.address },
    dependsOn: [address],
  };
}
