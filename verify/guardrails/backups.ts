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

/**
 * Which namespaces a schedule backs up every claim of, with its volume: a list, or every
 * namespace but some; undefined when it backs up no claim at all.
 */
function coverage(
  schedule: ScheduleSpec,
): { readonly only?: readonly string[]; readonly except: readonly string[] } | undefined {
  const template = schedule.template ?? {};
  const resources = template.includedResources ?? ["*"];
  const excluded = [
    ...(template.excludedResources ?? []),
    ...(template.excludedNamespaceScopedResources ?? []),
  ];
  const takesClaims =
    schedule.paused !== true &&
    (resources.includes("*") || resources.some((r) => CLAIMS.includes(r))) &&
    !excluded.some((r) => CLAIMS.includes(r)) &&
    // A label selector backs up only the claims it selects.
    template.labelSelector === undefined &&
    template.orLabelSelectors === undefined &&
    template.snapshotVolumes !== false;
  if (!takesClaims) return undefined;
  const included = template.includedNamespaces ?? ["*"];
  const except = template.excludedNamespaces ?? [];
  return included.includes("*") ? { except } : { only: included, except };
}

export function volumesBackedUp(context: GuardrailContext): Finding[] {
  // Each schedule read once: the namespaces it names, and those it takes all but a few of.
  const named = new Set<string>();
  const allBut: (readonly string[])[] = [];
  for (const o of context.inventory.objects) {
    if (o.kind !== "Schedule" || o.apiVersion?.startsWith("velero.io/") !== true) continue;
    const covered = coverage(o.spec ?? {});
    if (covered === undefined) continue;
    if (covered.only === undefined) allBut.push(covered.except);
    else for (const ns of covered.only) if (!covered.except.includes(ns)) named.add(ns);
  }
  const covers = (namespace: string) =>
    named.has(namespace) || allBut.some((except) => !except.includes(namespace));
  return context.inventory.objects
    .filter(
      (o): o is KubernetesObject =>
        o.kind === "PersistentVolumeClaim" &&
        context.tenants.has(o.metadata?.namespace ?? "") &&
        !covers(o.metadata?.namespace ?? ""),
    )
    .map((c) => ({
      object: `PersistentVolumeClaim ${c.metadata?.namespace ?? "?"}/${c.metadata?.name ?? "?"}`,
      message: "is in no backup schedule",
    }));
}
