import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { DnsManagedZoneIamMember } from "@pulumi/gcp/dns";
import * as pulumi from "@pulumi/pulumi";
import type { Dns01Spec } from "../../stacks/cluster/addons";
import { CHARTS } from "./addon-values";
import { azureWorkloadIdentity, gcpWorkloadIdentity } from "./workload-identity";

/**
 * The cloud identity cert-manager answers DNS-01 challenges with: workload identity for its
 * service account, allowed to write records of the environment's zone and nothing else. What the
 * cert-manager release and the ClusterIssuer need of it comes back as data.
 */
export interface Dns01Identity {
  /** Helm values merged into cert-manager's: the pod label or service account annotation. */
  readonly certManagerValues: Record<string, unknown>;
  /** The issuer's `dns01` solver. */
  readonly solver: Record<string, unknown>;
  /** The zone the solver writes in, which the issuer limits it to. */
  readonly zone: string;
  /**
   * The grants the first challenge needs: issued before them, it fails, and cert-manager waits an
   * hour or more before trying again.
   */
  readonly ready: readonly pulumi.Resource[];
}

/** cert-manager's service account: the release is named after its chart. */
const CERT_MANAGER_SUBJECT = {
  namespace: CHARTS.certManager.namespace,
  serviceAccount: CHARTS.certManager.chart,
};

/** Built-in Azure role: manage DNS zones and their records. */
const DNS_ZONE_CONTRIBUTOR = "befefa01-2a29-4197-83a8-272ff33ce314";

/**
 * AKS: a user-assigned identity federated with the cluster's OIDC issuer for cert-manager's
 * service account, DNS Zone Contributor on the zone only.
 * @see https://cert-manager.io/docs/configuration/acme/dns01/azuredns/#managed-identity-using-aad-workload-identity
 */
export function aksDns01Identity(
  name: string,
  dns01: Extract<Dns01Spec, { provider: "azure" }>,
  cluster: {
    readonly baseName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly region: string;
    readonly oidcIssuer: pulumi.Input<string>;
  },
  parent: pulumi.Resource,
): Dns01Identity {
  const { identity, federation } = azureWorkloadIdentity(
    name,
    "cert-manager",
    cluster,
    CERT_MANAGER_SUBJECT,
    parent,
  );
  const zone = `/subscriptions/${dns01.subscriptionId}/resourceGroups/${dns01.resourceGroup}/providers/Microsoft.Network/dnszones/${dns01.zone}`;
  const canWrite = new RoleAssignment(
    `${name}-cert-manager-dns-zone-contributor`,
    {
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${dns01.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${DNS_ZONE_CONTRIBUTOR}`,
      scope: zone,
    },
    { parent },
  );
  return {
    certManagerValues: { podLabels: { "azure.workload.identity/use": "true" } },
    solver: {
      azureDNS: {
        subscriptionID: dns01.subscriptionId,
        resourceGroupName: dns01.resourceGroup,
        hostedZoneName: dns01.zone,
        environment: "AzurePublicCloud",
        managedIdentity: { clientID: identity.clientId },
      },
    },
    zone: dns01.zone,
    ready: [federation, canWrite],
  };
}

/**
 * GKE: a Google service account that cert-manager's Kubernetes service account acts as through
 * workload identity, DNS Administrator on the managed zone only.
 * @see https://cert-manager.io/docs/configuration/acme/dns01/google/#gke-workload-identity
 */
export function gkeDns01Identity(
  name: string,
  dns01: Extract<Dns01Spec, { provider: "gcp" }>,
  cluster: { readonly project: string },
  parent: pulumi.Resource,
): Dns01Identity {
  const { account, member, federation } = gcpWorkloadIdentity(
    { account: `${name}-cert-manager-dns01`, federation: `${name}-cert-manager-workload-identity` },
    {
      project: cluster.project,
      accountId: "cert-manager-dns01",
      displayName: "cert-manager DNS-01 challenges",
    },
    CERT_MANAGER_SUBJECT,
    parent,
  );
  const canWrite = new DnsManagedZoneIamMember(
    `${name}-cert-manager-dns-admin`,
    {
      project: dns01.project,
      managedZone: dns01.managedZone,
      role: "roles/dns.admin",
      member,
    },
    { parent },
  );
  return {
    certManagerValues: {
      serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": account.email } },
    },
    solver: { cloudDNS: { project: dns01.project, hostedZoneName: dns01.managedZone } },
    zone: dns01.zone,
    ready: [federation, canWrite],
  };
}
