import type { KubernetesObject } from "../inventory";
import type { Finding, GuardrailContext } from "./types";

/**
 * Every volume a tenant has is backed up: some Velero Schedule's backups take in its namespace
 * and its claims, with their volumes. A Schedule of another namespace, or one leaving out
 * claims or volumes, does not count.
 * @see https://velero.io/docs/v1.18/api-types/schedule/
 */

interface ScheduleTemplate {
  readonly includedNamespaces?: readonly string[];
  readonly excludedNamespaces?: readonly string[];
  readonly includedResources?: readonly string[];
  readonly excludedResources?: readonly string[];
  readonly excludedNamespaceScopedResources?: readonly string[];
  readonly labelSelector?: unknown;
  readonly orLabelSelectors?: unknown;
  readonly snapshotVolumes?: boolean;
}

interface ScheduleSpec {
  readonly paused?: boolean;
  readonly template?: ScheduleTemplate;
}

const CLAIMS = ["persistentvolumeclaims", "pvc", "persistentvolumeclaim"];

/** Whether the schedule backs up every claim of the namespace, with its volume. */
function covers(schedule: ScheduleSpec, namespace: string): boolean {
  const template = schedule.template ?? {};
  const included = template.includedNamespaces ?? ["*"];
  const resources = template.includedResources ?? ["*"];
  const excluded = [
    ...(template.excludedResources ?? []),
    ...(template.excludedNamespaceScopedResources ?? []),
  ];
  return (
    schedule.paused !== true &&
    (included.includes("*") || included.includes(namespace)) &&
    !(template.excludedNamespaces ?? []).includes(namespace) &&
    (resources.includes("*") || resources.some((r) => CLAIMS.includes(r))) &&
    !excluded.some((r) => CLAIMS.includes(r)) &&
    // A label selector backs up only the claims it selects.
    template.labelSelector === undefined &&
    template.orLabelSelectors === undefined &&
    template.snapshotVolumes !== false
  );
}

export function volumesBackedUp(context: GuardrailContext): Finding[] {
  const schedules = context.inventory.objects
    .filter((o) => o.kind === "Schedule" && o.apiVersion?.startsWith("velero.io/") === true)
    .map((o) => (o.spec ?? {}) as ScheduleSpec);
  const claims = context.inventory.objects.filter(
    (o): o is KubernetesObject =>
      o.kind === "PersistentVolumeClaim" && context.tenants.has(o.metadata?.namespace ?? ""),
  );
  return claims
    .filter((c) => !schedules.some((t) => covers(t, c.metadata?.namespace ?? "")))
    .map((c) => ({
      object: `PersistentVolumeClaim ${c.metadata?.namespace ?? "?"}/${c.metadata?.name ?? "?"}`,
      message: "is in no backup schedule",
    }));
}
