/**
 * Names of a tenant's backups. Velero labels each Backup with its schedule's name unshortened
 * (`velero.io/schedule-name`), and restores by that label, so a schedule's name must be a label
 * value: at most 63 characters, or every backup of it is refused.
 * @see https://github.com/vmware-tanzu/velero/blob/v1.18.1/pkg/builder/backup_builder.go (read 2026-12-02)
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */

export const MAX_SCHEDULE_NAME = 63;

/**
 * The schedule of a tenant's instance in `region`, and the prefix of its backups' names: with the
 * region, so one region's backups, read in another, are never taken for that region's own.
 */
export const backupScheduleName = (namespace: string, region: string): string =>
  `${namespace}-${region}`;
