import { createHash } from "crypto";
import type { TenantSpec } from "../../stacks/spec";
import type { CustomManifest } from "../cluster/edge";
import { backupScheduleName } from "../../stacks/catalog/backup-names";
import { TIER_BACKUPS } from "../../stacks/catalog/tiers";
import { VELERO } from "../cluster/addon-values";
import { DATA_LABEL, tenantLabels } from "../labels";

/**
 * The tenant's backups and its restore. Each region's instance has a Velero Schedule of its own,
 * in Velero's namespace (where tenants have no rights), backing up the whole namespace (its
 * objects, the database and the files through CSI snapshots) on its tier's schedule, kept for its
 * tier's time. An instance restored from another region starts from that region's latest backup.
 * @see https://velero.io/docs/v1.18/api-types/schedule/
 * @see https://velero.io/docs/v1.18/api-types/restore/
 */

/** The tenant's minute within the hour, from its namespace: spread, and the same in every region. */
export function backupMinute(namespace: string): number {
  return createHash("sha256").update(namespace).digest().readUInt16BE(0) % 60;
}

export function backupScheduleManifest(tenant: TenantSpec, moveData: boolean): CustomManifest {
  const policy = TIER_BACKUPS[tenant.tier];
  return {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    metadata: {
      name: backupScheduleName(tenant.namespace, tenant.region),
      namespace: VELERO.namespace,
      labels: tenantLabels(tenant.name),
    },
    spec: {
      schedule: `${String(backupMinute(tenant.namespace))} ${policy.hours} * * *`,
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: [tenant.namespace],
        storageLocation: VELERO.location,
        ttl: policy.ttl,
        snapshotVolumes: true,
        // Copies each snapshot's data into the storage location, which outlives the region.
        snapshotMoveData: moveData,
      },
    },
  };
}

/** The longest a restore may take before `pulumi up` gives up on it: a large tier's terabyte. */
const RESTORE_TIMEOUT_SECONDS = String(4 * 3600);

/**
 * Restores the tenant's data, from the newest completed backup of its schedule in `source`: its
 * volumes' claims (with their data) and the Secrets its data is read with, nothing else; the
 * program creates every other object. `pulumi up` waits until it has completed.
 */
export function restoreManifest(tenant: TenantSpec, source: string): CustomManifest {
  return {
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: {
      // Named after the schedule it restores from: one restore per source, a name that fits a label.
      name: backupScheduleName(tenant.namespace, source),
      namespace: VELERO.namespace,
      labels: tenantLabels(tenant.name),
      annotations: {
        "pulumi.com/waitFor": "jsonpath={.status.phase}=Completed",
        "pulumi.com/timeoutSeconds": RESTORE_TIMEOUT_SECONDS,
      },
    },
    spec: {
      scheduleName: backupScheduleName(tenant.namespace, source),
      includedNamespaces: [tenant.namespace],
      // Claims and Secrets, and the snapshots that carry claims' data on GKE; no pod, binding or
      // volume. Velero brings what moved data needs (DataUploads, snapshot contents) regardless.
      includedResources: [
        "persistentvolumeclaims",
        "secrets",
        "volumesnapshots.snapshot.storage.k8s.io",
      ],
      labelSelector: { matchLabels: { ...DATA_LABEL } },
      restorePVs: true,
      // What exists is never overwritten: a restore only ever fills an instance that is new.
      existingResourcePolicy: "none",
    },
  };
}
