import { createHash } from "crypto";
import type { TenantSpec } from "../../stacks/spec";
import type { CustomManifest } from "../cluster/edge";
import { TIER_BACKUPS } from "../../stacks/tiers";
import { VELERO } from "../cluster/addon-values";
import { tenantLabels } from "../labels";

/**
 * The tenant's backups: a Velero Schedule of its own, in Velero's namespace (where tenants have no
 * rights), backing up the whole namespace (its objects, the database and the files through CSI
 * snapshots) on its tier's schedule, kept for its tier's time. Named after the namespace, so the
 * tenant's backups carry the same schedule name in every region.
 * @see https://velero.io/docs/v1.18/api-types/schedule/
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
      name: tenant.namespace,
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
