import type { Placement, Toleration } from "../cluster/placement";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { sortFlows, type Flow } from "../../verify/reachability";
import { ALLOWED, tenantLabels } from "../labels";

/**
 * Pod Security Admission level of every tenant namespace, in all three modes. Windows pods meet
 * `restricted` by declaring `spec.os.name: windows` (which exempts them from the Linux-only
 * controls) and running as a non-admin `runAsUserName`.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const POD_SECURITY_LEVEL = "restricted";

/**
 * The policy version the namespaces pin, so a cluster upgrade never tightens admission
 * unannounced: the oldest Kubernetes minor the program supports.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
 */
export const POD_SECURITY_VERSION = "v1.33";

function podSecurityLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = POD_SECURITY_LEVEL;
    labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
  }
  return labels;
}

export interface NamespaceFacts {
  /** The cluster's class for database volumes; undefined means the cluster's default class. */
  readonly dataStorageClass?: pulumi.Input<string>;
  /** The class of the tenant's shared files; undefined: the cluster's default class. */
  readonly filesStorageClass?: pulumi.Input<string>;
  /** Every flow the tenant's application needs (`applicationFlows`). */
  readonly flows: readonly Flow[];
  /** Where the tenant's pods of each OS run: the only selectors and tolerations its pods may use. */
  readonly placement?: readonly Placement[];
  /** Operating systems whose pods NetworkPolicy does not hold here, for verify/ to judge as open. */
  readonly unpolicedOs?: readonly string[];
}

/** A toleration as the admission policy compares it: `key=value:effect`. */
const tolerationText = (t: Toleration): string => `${t.key}=${t.value ?? ""}:${t.effect}`;

/** The `key=value` selectors every placement has: a pod without them is on no tenant's pool. */
function sharedSelectors(placements: readonly Placement[]): string[] {
  const [first, ...rest] = placements;
  return Object.entries(first?.nodeSelector ?? {})
    .filter(([k, v]) => rest.every((p) => p.nodeSelector[k] === v))
    .map(([k, v]) => `${k}=${v}`);
}

export function namespaceManifest(
  tenant: TenantSpec,
  facts: NamespaceFacts,
): k8s.core.v1.NamespaceArgs {
  return {
    metadata: {
      name: tenant.namespace,
      labels: { ...tenantLabels(tenant.name), ...podSecurityLabels() },
      annotations: {
        [ALLOWED.registries]: tenant.registries.join(","),
        [ALLOWED.storageClasses]: pulumi
          .all([facts.dataStorageClass, facts.filesStorageClass])
          .apply((classes) =>
            [
              ...new Set([
                ...classes.filter((c): c is string => c !== undefined),
                ...tenant.storageClasses,
              ]),
            ].join(","),
          ),
        [ALLOWED.hosts]: tenant.hosts.join(","),
        [ALLOWED.groups]: [
          tenant.admins,
          ...(tenant.viewers !== undefined ? [tenant.viewers] : []),
        ].join(","),
        [ALLOWED.nodeSelectors]: [
          ...new Set(
            (facts.placement ?? []).flatMap((p) =>
              Object.entries(p.nodeSelector).map(([k, v]) => `${k}=${v}`),
            ),
          ),
        ].join(","),
        [ALLOWED.requiredNodeSelectors]: sharedSelectors(facts.placement ?? []).join(","),
        [ALLOWED.tolerations]: [
          ...new Set((facts.placement ?? []).flatMap((p) => p.tolerations.map(tolerationText))),
        ].join(","),
        ...(facts.unpolicedOs?.length
          ? { [ALLOWED.unpolicedOs]: facts.unpolicedOs.join(",") }
          : {}),
        [ALLOWED.flows]: JSON.stringify(sortFlows(facts.flows)),
      },
    },
  };
}
