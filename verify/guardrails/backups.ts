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

/** A claim of a tenant: one its namespace declares, or one its pods mount. */
interface Claim {
  readonly namespace: string;
  readonly name: string;
  readonly declared: boolean;
  /** The first workload mounting it, if any. */
  readonly mountedBy?: string;
}

/**
 * Every tenant claim, declared or mounted: an instance restored from a backup mounts claims
 * the restore creates, which the render does not declare.
 */
function tenantClaims(context: GuardrailContext): Claim[] {
  const claims = new Map<string, Claim>();
  for (const o of context.inventory.objects) {
    const namespace = o.metadata?.namespace ?? "";
    const name = o.metadata?.name;
    if (o.kind !== "PersistentVolumeClaim" || name === undefined) continue;
    if (!context.tenants.has(namespace)) continue;
    claims.set(`${namespace}/${name}`, { namespace, name, declared: true });
  }
  for (const w of context.inventory.workloads) {
    if (!context.tenants.has(w.namespace)) continue;
    for (const volume of w.spec.volumes ?? []) {
      const name = volume.persistentVolumeClaim?.claimName;
      if (name === undefined || claims.has(`${w.namespace}/${name}`)) continue;
      const mountedBy = `${w.kind} ${w.id}`;
      claims.set(`${w.namespace}/${name}`, {
        namespace: w.namespace,
        name,
        declared: false,
        mountedBy,
      });
    }
  }
  return [...claims.values()];
}

/** Namespaces some Velero Restore brings claims into. */
function restoredNamespaces(context: GuardrailContext): Set<string> {
  const namespaces = new Set<string>();
  for (const o of context.inventory.objects) {
    if (o.kind !== "Restore" || o.apiVersion?.startsWith("velero.io/") !== true) continue;
    const spec = (o.spec ?? {}) as {
      includedNamespaces?: readonly string[];
      includedResources?: readonly string[];
      excludedResources?: readonly string[];
    };
    const resources = spec.includedResources ?? ["*"];
    const takesClaims =
      (resources.includes("*") || resources.some((r) => CLAIMS.includes(r))) &&
      !(spec.excludedResources ?? []).some((r) => CLAIMS.includes(r));
    if (!takesClaims) continue;
    for (const ns of spec.includedNamespaces ?? []) namespaces.add(ns);
  }
  return namespaces;
}

/**
 * Every claim a tenant's pods mount exists: declared, or brought by a restore into its
 * namespace. A claim nobody makes keeps its pods Pending, and the data they expect is not there.
 */
export function claimsProvided(context: GuardrailContext): Finding[] {
  const restored = restoredNamespaces(context);
  return tenantClaims(context)
    .filter((c) => !c.declared && !restored.has(c.namespace))
    .map((c) => ({
      object: c.mountedBy ?? `PersistentVolumeClaim ${c.namespace}/${c.name}`,
      message: `mounts claim ${c.name}, which is neither declared nor restored into ${c.namespace}`,
    }));
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
  return tenantClaims(context)
    .filter((c) => !covers(c.namespace))
    .map((c) => ({
      object: `PersistentVolumeClaim ${c.namespace}/${c.name}`,
      message: "is in no backup schedule",
    }));
}
