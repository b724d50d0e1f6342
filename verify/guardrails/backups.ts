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
  readonly snapshotVolumes?: boolean;
}

const CLAIMS = ["persistentvolumeclaims", "pvc", "persistentvolumeclaim"];

function covers(template: ScheduleTemplate, namespace: string): boolean {
  const included = template.includedNamespaces ?? ["*"];
  const resources = template.includedResources ?? ["*"];
  return (
    (included.includes("*") || included.includes(namespace)) &&
    !(template.excludedNamespaces ?? []).includes(namespace) &&
    (resources.includes("*") || resources.some((r) => CLAIMS.includes(r))) &&
    !(template.excludedResources ?? []).some((r) => CLAIMS.includes(r)) &&
    template.snapshotVolumes !== false
  );
}

export function volumesBackedUp(context: GuardrailContext): Finding[] {
  const templates = context.inventory.objects
    .filter((o) => o.kind === "Schedule" && o.apiVersion?.startsWith("velero.io/") === true)
    .map((o) => (o.spec as { template?: ScheduleTemplate } | undefined)?.template ?? {});
  const claims = context.inventory.objects.filter(
    (o): o is KubernetesObject =>
      o.kind === "PersistentVolumeClaim" && context.tenants.has(o.metadata?.namespace ?? ""),
  );
  return claims
    .filter((c) => !templates.some((t) => covers(t, c.metadata?.namespace ?? "")))
    .map((c) => ({
      object: `PersistentVolumeClaim ${c.metadata?.namespace ?? "?"}/${c.metadata?.name ?? "?"}`,
      message: "is in no backup schedule",
    }));
}
