import type { KubernetesObject } from "../inventory";
import type { Finding, GuardrailContext } from "./types";

/** Rules over each tenant namespace as a whole and over cluster-wide grants, one function each. */

const inNamespace = (object: KubernetesObject): string => object.metadata?.namespace ?? "default";
const sortedTenantNamespaces = (context: GuardrailContext): string[] =>
  [...context.tenants.keys()].sort();
const ofKind = (context: GuardrailContext, kind: string): KubernetesObject[] =>
  context.inventory.objects.filter((o) => o.kind === kind);

export function quotaAndLimitRange(context: GuardrailContext): Finding[] {
  const kinds = ["ResourceQuota", "LimitRange"];
  // The namespaces holding each kind, once: a lookup per tenant, not a pass over every object.
  const holding = new Map(kinds.map((k) => [k, new Set(ofKind(context, k).map(inNamespace))]));
  return sortedTenantNamespaces(context).flatMap((namespace) =>
    kinds
      .filter((kind) => holding.get(kind)?.has(namespace) !== true)
      .map((kind) => ({ object: `Namespace ${namespace}`, message: `has no ${kind}` })),
  );
}

/** Service types that open a node's port or point outside the namespace. */
const REFUSED_SERVICE_TYPES = new Set(["NodePort", "LoadBalancer", "ExternalName"]);

export function clusterIpServicesOnly(context: GuardrailContext): Finding[] {
  return ofKind(context, "Service")
    .filter((s) => context.tenants.has(inNamespace(s)))
    .flatMap((s) => {
      const type = (s.spec as { type?: string } | undefined)?.type ?? "ClusterIP";
      return REFUSED_SERVICE_TYPES.has(type)
        ? [
            {
              object: `Service ${inNamespace(s)}/${s.metadata?.name ?? "?"}`,
              message: `is of type ${type}`,
            },
          ]
        : [];
    });
}

interface Subject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}
const subjectsOf = (binding: KubernetesObject): readonly Subject[] =>
  (binding as { subjects?: Subject[] }).subjects ?? [];
const subjectKey = (s: Subject): string =>
  s.kind === "ServiceAccount"
    ? `ServiceAccount ${s.namespace ?? ""}/${s.name ?? ""}`
    : `${s.kind ?? ""} ${s.name ?? ""}`;

/**
 * A tenant's subjects are the users and groups its RoleBindings name and its namespace's
 * service accounts; none of them may be granted anything cluster-wide.
 */
export function noClusterRoleBindingToTenants(context: GuardrailContext): Finding[] {
  const tenantSubjects = new Map<string, string>();
  for (const binding of ofKind(context, "RoleBinding")) {
    const tenant = context.tenants.get(inNamespace(binding));
    if (tenant === undefined) continue;
    for (const s of subjectsOf(binding)) {
      if (s.kind !== "ServiceAccount") tenantSubjects.set(subjectKey(s), tenant);
    }
  }
  return ofKind(context, "ClusterRoleBinding").flatMap((binding) =>
    subjectsOf(binding).flatMap((s) => {
      const tenant =
        s.kind === "ServiceAccount"
          ? context.tenants.get(s.namespace ?? "")
          : tenantSubjects.get(subjectKey(s));
      return tenant === undefined
        ? []
        : [
            {
              object: `ClusterRoleBinding ${binding.metadata?.name ?? "?"}`,
              message: `grants ${subjectKey(s)} of tenant ${tenant} a cluster-wide role`,
            },
          ];
    }),
  );
}

/** A policy selecting every pod that isolates `direction` with no rule: deny by default. */
export function defaultDeny(context: GuardrailContext): Finding[] {
  return sortedTenantNamespaces(context).flatMap((namespace) => {
    const denies = (direction: "Ingress" | "Egress"): boolean =>
      context.inventory.policies.some((p) => {
        const selectsAll =
          Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0 &&
          (p.spec.podSelector.matchExpressions ?? []).length === 0;
        const rules = direction === "Ingress" ? p.spec.ingress : p.spec.egress;
        return (
          p.metadata.namespace === namespace &&
          selectsAll &&
          (p.spec.policyTypes ?? []).includes(direction) &&
          (rules ?? []).length === 0
        );
      });
    return (["Ingress", "Egress"] as const)
      .filter((direction) => !denies(direction))
      .map((direction) => ({
        object: `Namespace ${namespace}`,
        message: `has no default-deny ${direction} policy (podSelector: {}, policyTypes: [${direction}], no rules)`,
      }));
  });
}
