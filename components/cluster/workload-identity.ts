import {
  FederatedIdentityCredential,
  UserAssignedIdentity,
} from "@pulumi/azure-native/managedidentity";
import { Account, IAMMember } from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";

/**
 * A cloud identity an add-on's Kubernetes service account signs in as, without a key: an Azure
 * user-assigned identity federated with the cluster's OIDC issuer, or a Google service account
 * the Kubernetes one may impersonate. The caller grants it what the add-on needs, nothing more.
 * @see https://learn.microsoft.com/en-us/azure/aks/workload-identity-overview
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */

/** The Kubernetes service account that signs in. */
export interface Subject {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export function azureWorkloadIdentity(
  name: string,
  key: string,
  cluster: {
    readonly baseName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly region: string;
    readonly oidcIssuer: pulumi.Input<string>;
  },
  subject: Subject,
  parent: pulumi.Resource,
): { readonly identity: UserAssignedIdentity; readonly federation: FederatedIdentityCredential } {
  const identity = new UserAssignedIdentity(
    `${name}-${key}-identity`,
    {
      resourceName: `id-${cluster.baseName}-${key}`,
      resourceGroupName: cluster.resourceGroupName,
      location: cluster.region,
    },
    { parent },
  );
  const federation = new FederatedIdentityCredential(
    `${name}-${key}-federation`,
    {
      resourceName: identity.name,
      resourceGroupName: cluster.resourceGroupName,
      federatedIdentityCredentialResourceName: key,
      issuer: cluster.oidcIssuer,
      subject: `system:serviceaccount:${subject.namespace}:${subject.serviceAccount}`,
      audiences: ["api://AzureADTokenExchange"],
    },
    { parent },
  );
  return { identity, federation };
}

/** `names`: the account's resource name, and its federation's (kept as deployed stacks know them). */
export function gcpWorkloadIdentity(
  names: { readonly account: string; readonly federation: string },
  account: { readonly project: string; readonly accountId: string; readonly displayName: string },
  subject: Subject,
  parent: pulumi.Resource,
): {
  readonly account: Account;
  readonly member: pulumi.Output<string>;
  readonly federation: IAMMember;
} {
  const created = new Account(names.account, account, { parent });
  const federation = new IAMMember(
    names.federation,
    {
      serviceAccountId: created.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${account.project}.svc.id.goog[${subject.namespace}/${subject.serviceAccount}]`,
    },
    { parent },
  );
  return {
    account: created,
    member: pulumi.interpolate`serviceAccount:${created.email}`,
    federation,
  };
}
