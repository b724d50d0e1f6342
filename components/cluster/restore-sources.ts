import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { BucketIAMMember } from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_BY } from "../labels";
import { VELERO } from "./addon-values";
import type { BackupReader, BackupSource } from "./backups";
import type { CustomManifest } from "./edge";

/**
 * Another region's backups, read where a tenant restores from them. That region's stack says
 * where they are (its output `backups`); this cluster's Velero may read that storage and not
 * write it, and sees its backups through a read-only BackupStorageLocation.
 * @see https://velero.io/docs/v1.18/api-types/backupstoragelocation/
 * @see https://velero.io/docs/v1.18/migration-case/
 */

/** @see https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-reader */
const STORAGE_BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

/**
 * Velero lists a location's backups every minute, and makes an object of each on its first
 * listing: every tenant's backups of the source region, thousands in a large one.
 */
const FIRST_SYNC_TIMEOUT_SECONDS = "3600";

/** Name of the read-only location of a source region's backups. */
const sourceLocationName = (region: string): string => `from-${region}`;

/**
 * The location waits, under `pulumi up`, until Velero has listed its backups once: a restore
 * created before that would find none and fail.
 * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/yaml/v2/configgroup/ (pulumi.com/waitFor)
 */
export function sourceLocationManifest(
  region: string,
  source: pulumi.Output<BackupSource>,
  reader: BackupReader,
): CustomManifest {
  return {
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: {
      name: sourceLocationName(region),
      namespace: VELERO.namespace,
      labels: { ...MANAGED_BY },
      annotations: {
        "pulumi.com/waitFor": "jsonpath={.status.lastSyncedTime}",
        "pulumi.com/timeoutSeconds": FIRST_SYNC_TIMEOUT_SECONDS,
      },
    },
    spec: {
      // The same cloud as this cluster's (validation refuses a restore across clouds).
      provider: reader.provider,
      objectStorage: { bucket: source.bucket },
      config: reader.provider === "gcp" ? googleConfig(region, source, reader) : source.config,
      accessMode: "ReadOnly",
    },
  };
}

/**
 * Google: download URLs are signed with this cluster's own identity. The volumes' data is in
 * Compute Engine snapshots of the source's project, which this cluster's disks can be made from
 * only in the same project: refused otherwise, at preview, where the source's stack is read.
 */
export function googleLocationConfig(
  region: string,
  source: BackupSource,
  reader: { readonly email: string; readonly project: string },
): Record<string, string> {
  if (source.project !== undefined && source.project !== reader.project) {
    throw new Error(
      `${region}'s backups keep their volumes as snapshots in project ${source.project}, which this cluster (project ${reader.project}) cannot make disks from: restore from a region of the same project`,
    );
  }
  return { ...source.config, serviceAccount: reader.email };
}

function googleConfig(
  region: string,
  source: pulumi.Output<BackupSource>,
  reader: Extract<BackupReader, { provider: "gcp" }>,
): pulumi.Output<Record<string, string>> {
  return pulumi
    .all([source, reader.email])
    .apply(([s, email]) => googleLocationConfig(region, s, { email, project: reader.project }));
}

/** Read access for this cluster's Velero on the source's storage, and nothing else. */
function grantRead(
  name: string,
  source: pulumi.Output<BackupSource>,
  reader: BackupReader,
  parent: pulumi.Resource | undefined,
): pulumi.Resource {
  if (reader.provider === "azure") {
    return new RoleAssignment(
      `${name}-blob-data-reader`,
      {
        principalId: reader.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: pulumi.interpolate`/subscriptions/${source.config.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_READER}`,
        scope: source.scope,
      },
      { parent },
    );
  }
  return new BucketIAMMember(
    `${name}-object-viewer`,
    { bucket: source.scope, role: "roles/storage.objectViewer", member: reader.member },
    { parent },
  );
}

/** Regions whose backups this cluster restores tenants from, and where their stacks are. */
export interface RestoreSources {
  /** Pulumi organization owning the environment's stacks. */
  readonly organization: string;
  readonly environment: string;
  readonly regions: readonly string[];
}

/**
 * Each source region's backups, readable here: its stack is read by name, the grant made, then
 * the location. Returns the location per region, which a tenant's restore waits for.
 */
export function restoreSources(
  name: string,
  sources: {
    readonly organization: string;
    readonly environment: string;
    readonly regions: readonly string[];
  },
  reader: BackupReader,
  velero: pulumi.Resource,
  opts: pulumi.CustomResourceOptions,
): ReadonlyMap<string, readonly pulumi.Resource[]> {
  return new Map(
    sources.regions.map((region) => {
      const key = `${name}-${sourceLocationName(region)}`;
      const stack = new pulumi.StackReference(
        key,
        { name: `${sources.organization}/${pulumi.getProject()}/${sources.environment}-${region}` },
        { parent: opts.parent },
      );
      const source = stack.requireOutput("backups") as pulumi.Output<BackupSource>;
      const grant = grantRead(key, source, reader, opts.parent);
      const location = new CustomResource(key, sourceLocationManifest(region, source, reader), {
        ...opts,
        dependsOn: [velero, grant],
      });
      return [region, [location]] as const;
    }),
  );
}
