import { createHash } from "crypto";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { BlobContainer, BlobServiceProperties, StorageAccount } from "@pulumi/azure-native/storage";
import { Bucket, BucketIAMMember } from "@pulumi/gcp/storage";
import { IAMMember } from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { TIER_BACKUPS } from "../../stacks/catalog/tiers";
import { VELERO } from "./addon-values";
import { azureWorkloadIdentity, gcpWorkloadIdentity } from "./workload-identity";

/**
 * Where Velero puts each region's backups and the identity it writes them with, per cloud. The
 * storage is geo-redundant (Azure RA-GRS; a Google multi-region bucket), so a backup survives the
 * loss of its region, and Velero's identity may write that storage and nothing else: workload
 * identity, no key.
 * @see https://github.com/vmware-tanzu/velero-plugin-for-microsoft-azure#option-3-use-azure-ad-workload-identity
 * @see https://github.com/vmware-tanzu/velero-plugin-for-gcp#option-2-set-permissions-with-using-workload-identity-optional
 */

/** The backup location and the chart values that reach it. */
export interface BackupTarget {
  /** Velero's BackupStorageLocation: provider, bucket and its config. */
  readonly location: {
    readonly provider: "azure" | "gcp";
    readonly bucket: pulumi.Input<string>;
    readonly config: Record<string, pulumi.Input<string>>;
  };
  /** The server's ServiceAccount annotations and pod labels for workload identity. */
  readonly serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
  readonly podLabels: Record<string, string>;
  /** Whether backups copy volume data into the location (AKS) or keep cloud snapshots (GKE). */
  readonly moveData: boolean;
  /** Grants that must exist before Velero runs. */
  readonly ready: readonly pulumi.Resource[];
  /** Velero's cloud identity, which other regions' storage grants read access to. */
  readonly reader: BackupReader;
  /** What another region's Velero needs to read these backups: the stack output `backups`. */
  readonly source: pulumi.Output<BackupSource>;
}

export type BackupReader =
  | { readonly provider: "azure"; readonly principalId: pulumi.Output<string> }
  | {
      readonly provider: "gcp";
      readonly member: pulumi.Output<string>;
      readonly email: pulumi.Output<string>;
      readonly project: string;
    };

/** A region's backups as another region reads them. Names only: no key, no secret. */
export interface BackupSource {
  readonly provider: "azure" | "gcp";
  readonly bucket: string;
  /**
   * The location's config for a reader: on Azure the account's secondary endpoint, readable from
   * the paired region (RA-GRS) even while the account's own region is down.
   */
  readonly config: Record<string, string>;
  /** What a reader is granted read access on: the storage account's id, or the bucket's name. */
  readonly scope: string;
  /** Google: the project, whose Compute Engine snapshots hold the volumes' data. */
  readonly project?: string;
}

const SUBJECT = { namespace: VELERO.namespace, serviceAccount: VELERO.serviceAccount };
/** @see https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-contributor */
const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

/**
 * Whether Velero copies volume data into the backup storage, per platform: on AKS its data mover
 * copies Azure Files volumes, which have no snapshots it can use; GKE's persistent disk snapshots
 * are stored multi-regionally already, and Windows pods' NTFS disks cannot be mounted by its
 * Linux data mover.
 */
export const VELERO_MOVES_DATA = { aks: true, gke: false } as const;

/** Days a deleted backup stays recoverable: the longest retention of any tier. */
const SOFT_DELETE_DAYS = Math.ceil(
  Math.max(...Object.values(TIER_BACKUPS).map((p) => Number.parseInt(p.ttl, 10))) / 24,
);

/** A short digest of the stack's base name: names the cloud wants unique stay unique when cut. */
const digest = (baseName: string): string =>
  createHash("sha256").update(baseName).digest("hex").slice(0, 6);

/** A storage account name: 3–24 lowercase letters and digits, unique in all of Azure. */
const accountName = (baseName: string): string =>
  `stbk${baseName.replace(/[^a-z0-9]/g, "").slice(0, 14)}${digest(baseName)}`;

export function aksBackupTarget(
  name: string,
  cluster: {
    readonly baseName: string;
    readonly subscriptionId: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly region: string;
    readonly oidcIssuer: pulumi.Input<string>;
  },
  parent: pulumi.Resource,
): BackupTarget {
  const account = new StorageAccount(
    `${name}-backups`,
    {
      accountName: accountName(cluster.baseName),
      resourceGroupName: cluster.resourceGroupName,
      location: cluster.region,
      kind: "StorageV2",
      sku: { name: "Standard_RAGRS" },
      allowBlobPublicAccess: false,
      // Velero signs in with its identity (useAAD): no account key is needed, so none works.
      allowSharedKeyAccess: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
    },
    { parent, protect: true },
  );
  // Deleted backups stay recoverable for the longest retention: the identity that writes backups
  // can delete them, and so could whoever takes it over.
  new BlobServiceProperties(
    `${name}-backups-soft-delete`,
    {
      accountName: account.name,
      resourceGroupName: cluster.resourceGroupName,
      blobServicesName: "default",
      deleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
      containerDeleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
    },
    { parent },
  );
  const container = new BlobContainer(
    `${name}-backups-container`,
    {
      accountName: account.name,
      resourceGroupName: cluster.resourceGroupName,
      containerName: "velero",
      publicAccess: "None",
    },
    { parent, protect: true },
  );
  const { identity, federation } = azureWorkloadIdentity(name, "velero", cluster, SUBJECT, parent);
  const canWrite = new RoleAssignment(
    `${name}-velero-blob-data-contributor`,
    {
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: pulumi.interpolate`/subscriptions/${cluster.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_CONTRIBUTOR}`,
      scope: account.id,
    },
    { parent },
  );
  return {
    location: {
      provider: "azure",
      bucket: container.name,
      config: {
        resourceGroup: cluster.resourceGroupName,
        storageAccount: account.name,
        subscriptionId: cluster.subscriptionId,
        // The account's address given, the identity needs no Reader role to find it.
        storageAccountURI: pulumi.interpolate`https://${account.name}.blob.core.windows.net`,
        useAAD: "true",
      },
    },
    serviceAccountAnnotations: { "azure.workload.identity/client-id": identity.clientId },
    podLabels: { "azure.workload.identity/use": "true" },
    moveData: VELERO_MOVES_DATA.aks,
    ready: [federation, canWrite],
    reader: { provider: "azure", principalId: identity.principalId },
    source: pulumi
      .all([
        container.name,
        account.name,
        account.id,
        cluster.resourceGroupName,
        cluster.subscriptionId,
      ])
      .apply(([bucket, storageAccount, scope, resourceGroup, subscriptionId]): BackupSource => ({
        provider: "azure",
        bucket,
        config: {
          resourceGroup,
          storageAccount,
          subscriptionId,
          storageAccountURI: `https://${storageAccount}-secondary.blob.core.windows.net`,
          useAAD: "true",
        },
        scope,
      })),
  };
}

/**
 * Where a Google region's bucket goes: the multi-region containing it, so that backups outlive
 * the region. Google has multi-regions for the US, the EU and Asia only; a region elsewhere
 * (Canada, Australia, the Middle East, South America, Africa) keeps its backups in its own region, which
 * keeps them in the same jurisdiction but not beyond the region's loss.
 * @see https://cloud.google.com/storage/docs/locations#location-mr
 */
export function multiRegionOf(region: string): string {
  if (region.startsWith("europe-")) return "EU";
  if (region.startsWith("asia-")) return "ASIA";
  if (region.startsWith("us-")) return "US";
  return region.toUpperCase();
}

export function gkeBackupTarget(
  name: string,
  cluster: { readonly baseName: string; readonly project: string; readonly region: string },
  parent: pulumi.Resource,
): BackupTarget {
  const bucket = new Bucket(
    `${name}-backups`,
    {
      project: cluster.project,
      // Bucket names: 3–63 characters, ending in a letter or digit.
      // @see https://cloud.google.com/storage/docs/buckets#naming (read 2026-12-02)
      name: `${cluster.project}-${cluster.baseName}-velero`.slice(0, 63).replace(/-+$/, ""),
      location: multiRegionOf(cluster.region),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: false,
      softDeletePolicy: { retentionDurationSeconds: SOFT_DELETE_DAYS * 86_400 },
    },
    { parent, protect: true },
  );
  const { account, member, federation } = gcpWorkloadIdentity(
    { account: `${name}-velero`, federation: `${name}-velero-workload-identity` },
    // One per stack: several regions may share a project.
    {
      project: cluster.project,
      accountId: `velero-${digest(cluster.baseName)}`,
      displayName: `Velero backups of ${cluster.baseName}`,
    },
    SUBJECT,
    parent,
  );
  const canWrite = new BucketIAMMember(
    `${name}-velero-object-admin`,
    { bucket: bucket.name, role: "roles/storage.objectAdmin", member },
    { parent },
  );
  // Velero signs download URLs for `velero backup logs` and describe with its own identity.
  const canSign = new IAMMember(
    `${name}-velero-token-creator`,
    { serviceAccountId: account.name, role: "roles/iam.serviceAccountTokenCreator", member },
    { parent },
  );
  return {
    location: {
      provider: "gcp",
      bucket: bucket.name,
      config: { serviceAccount: account.email },
    },
    serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": account.email },
    podLabels: {},
    moveData: VELERO_MOVES_DATA.gke,
    ready: [canWrite, canSign, federation],
    reader: { provider: "gcp", member, email: account.email, project: cluster.project },
    source: bucket.name.apply((name): BackupSource => ({
      provider: "gcp",
      bucket: name,
      config: {},
      scope: name,
      project: cluster.project,
    })),
  };
}
