import { EDGE_NAMESPACE } from "../../components/cluster/gateway";
import { ALLOWED, MANAGED_BY, NAMESPACE_NAME_LABEL } from "../../components/labels";
import { parseQuantity } from "../../stacks/fields/quantity";
import { policyRefusals, type PolicySpec } from "../admission";
import { annotationList, type Inventory, type KubernetesObject } from "../inventory";
import type { Violation } from "../isolation";
import { matchesSelector, type LabelSelector } from "../selectors";
import { ATTEMPTS, type Attempt, type Request, type TenantView } from "./attempts";
import {
  ENFORCE_LABEL,
  podSecurityFailures,
  type PodSecurityLevel,
  type PodSpec,
} from "./pod-security";
import { creatable, rbacIndex, type PolicyRule, type RbacIndex, type Rights } from "./rbac";

export { ATTEMPTS, ORDINARY, type TenantView } from "./attempts";

/**
 * The adversary: for each tenant, requests its own admins could make to break isolation or take
 * more than their share, each judged as the API server would, layer by layer in its order: RBAC
 * (the roles bound to the tenant's groups, with the built-in ones as data, and its rule that no one
 * grants rights they do not hold), Pod Security admission at the namespace's enforced level, the
 * admission policies among the objects with their CEL, then the namespace's ResourceQuota. A
 * request no layer stops is a violation. Pure.
 */

/** Who stopped a request, in the API server's order. */
export type Layer = "rbac" | "pod-security" | `admission:${string}` | "quota";

export interface AttemptResult {
  readonly tenant: string;
  readonly attempt: string;
  readonly title: string;
  /** Undefined when nothing stopped it. */
  readonly stoppedBy?: Layer;
}

/** The attempt every kind a tenant may create is counted by: one that floods the API. */
const FLOOD = {
  id: "flood",
  title: "create objects of a kind it may create, without end",
} as const;

interface Policy {
  readonly name: string;
  readonly spec: PolicySpec;
  readonly namespaceSelector: LabelSelector;
}

/** The admission policies among the objects, each with the namespaces its bindings select. */
function admissionPolicies(objects: readonly KubernetesObject[]): Policy[] {
  const policies = new Map(
    objects
      .filter((o) => o.kind === "ValidatingAdmissionPolicy")
      .map((o) => [o.metadata?.name ?? "", o.spec as PolicySpec]),
  );
  return objects
    .filter((o) => o.kind === "ValidatingAdmissionPolicyBinding")
    .flatMap((binding) => {
      const spec = binding.spec as {
        policyName?: string;
        validationActions?: string[];
        matchResources?: { namespaceSelector?: LabelSelector };
      };
      const policy = policies.get(spec.policyName ?? "");
      if (!(spec.validationActions ?? []).includes("Deny") || policy === undefined) return [];
      return [
        {
          name: spec.policyName ?? "",
          spec: policy,
          namespaceSelector: spec.matchResources?.namespaceSelector ?? {},
        },
      ];
    });
}

const VERB = { CREATE: "create", UPDATE: "update", DELETE: "delete" } as const;

/**
 * RBAC's answer: the verb on the resource where it is made, and for a binding or a role, RBAC's
 * escalation check: its rules must be ones the requester holds there.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
function rbacAllows(
  rights: Rights,
  namespace: string | undefined,
  request: Request,
  roleRules: (ref: { kind?: string; name?: string }) => readonly PolicyRule[] | undefined,
): boolean {
  if (!rights.allows(namespace, VERB[request.operation], request.group, request.resource)) {
    return false;
  }
  if (request.group !== "rbac.authorization.k8s.io" || request.operation === "DELETE") return true;
  const object = request.object as {
    rules?: PolicyRule[];
    roleRef?: { kind?: string; name?: string };
  };
  // `bind` on the role a binding names, or `escalate` on roles, waives the check.
  const waiver =
    object.roleRef !== undefined
      ? { verb: "bind", resource: object.roleRef.kind === "ClusterRole" ? "clusterroles" : "roles" }
      : { verb: "escalate", resource: request.resource };
  if (rights.allows(namespace, waiver.verb, "rbac.authorization.k8s.io", waiver.resource)) {
    return true;
  }
  const granted = object.roleRef !== undefined ? roleRules(object.roleRef) : object.rules;
  if (granted === undefined) return false;
  return granted.every((rule) =>
    (rule.apiGroups ?? []).every((group) =>
      (rule.resources ?? []).every((resource) =>
        (rule.verbs ?? []).every((verb) => rights.allows(namespace, verb, group, resource)),
      ),
    ),
  );
}

/** The pod spec of a Pod or of a workload's template; undefined for other kinds. */
function podSpecOf(request: Request): PodSpec | undefined {
  const object = request.object as {
    kind?: string;
    spec?: PodSpec & { template?: { spec?: PodSpec } };
  } | null;
  if (object === null || object.spec === undefined) return undefined;
  if (object.kind === "Pod") return object.spec;
  return object.spec.template?.spec;
}

/** Quota keys that count one more object of a kind: `count/…`, and the older core names. */
function countKeys(group: string, resource: string, object: unknown): string[] {
  const keys = [group === "" ? `count/${resource}` : `count/${resource}.${group}`];
  if (group === "") keys.push(resource);
  const type = (object as { spec?: { type?: string } } | null)?.spec?.type;
  if (resource === "services" && type === "LoadBalancer") {
    keys.push("services.loadbalancers", "services.nodeports");
  }
  if (resource === "services" && type === "NodePort") keys.push("services.nodeports");
  return keys;
}

/** The namespace's quota, the tightest figure of each key over its ResourceQuotas. */
function hardLimits(objects: readonly KubernetesObject[]): Map<string, number> {
  const hard = new Map<string, number>();
  for (const o of objects) {
    if (o.kind !== "ResourceQuota") continue;
    const spec = o.spec as { hard?: Record<string, string> } | undefined;
    for (const [key, value] of Object.entries(spec?.hard ?? {})) {
      const n = parseQuantity(value) ?? 0;
      hard.set(key, Math.min(n, hard.get(key) ?? Infinity));
    }
  }
  return hard;
}

function byNamespaceOf(objects: readonly KubernetesObject[]): Map<string, KubernetesObject[]> {
  const grouped = new Map<string, KubernetesObject[]>();
  for (const object of objects) {
    const namespace = object.metadata?.namespace;
    if (namespace === undefined) continue;
    const list = grouped.get(namespace);
    if (list === undefined) grouped.set(namespace, [object]);
    else list.push(object);
  }
  return grouped;
}

/** A tenant as the adversary sees it: where it acts, as whom, and what judges it. */
export interface Judge {
  readonly view: TenantView;
  judge(attempt: Attempt): Layer | undefined;
  /** Kinds the tenant may create that no quota caps. */
  uncapped(): string[];
}

function judgeFor(
  inventory: Inventory,
  rbac: RbacIndex,
  policies: readonly Policy[],
  namespaceObjects: readonly KubernetesObject[],
  namespace: string,
  victim: { readonly host: string; readonly namespace: string },
): Judge {
  const info = inventory.namespaces.get(namespace);
  const annotations = info?.annotations ?? {};
  const list = (key: string) => annotationList(info, key);
  const groups = list(ALLOWED.groups);
  // Its admins act as its service accounts too (impersonation): their groups count.
  const rights = rbac.rightsOf([
    ...groups,
    "system:serviceaccounts",
    `system:serviceaccounts:${namespace}`,
  ]);
  const roleRules = (ref: { kind?: string; name?: string }) =>
    ref.kind === "ClusterRole"
      ? rbac.clusterRole(ref.name ?? "")
      : rbac.role(namespace, ref.name ?? "");
  const view: TenantView = {
    namespace,
    registry: list(ALLOWED.registries)[0] ?? "registry.invalid",
    storageClass: list(ALLOWED.storageClasses)[0] ?? "",
    nodeSelector: Object.fromEntries(
      list(ALLOWED.requiredNodeSelectors).map((pair) => {
        const [key = "", ...value] = pair.split("=");
        return [key, value.join("=")];
      }),
    ),
    victimHost: victim.host,
    victimNamespace: victim.namespace,
    platformObject: namespaceObjects.find(
      (o) =>
        o.kind === "NetworkPolicy" &&
        Object.entries(MANAGED_BY).every(([k, v]) => o.metadata?.labels?.[k] === v),
    ),
  };
  const labels = { ...info?.labels, [NAMESPACE_NAME_LABEL]: namespace };
  const namespaceObject = { metadata: { name: namespace, labels, annotations } };
  const applying = policies.filter((p) => matchesSelector(p.namespaceSelector, labels));
  const level = (info?.labels[ENFORCE_LABEL] ?? "privileged") as PodSecurityLevel;
  const hard = hardLimits(namespaceObjects);
  const admin = { username: `admin@${namespace}`, groups: [...groups, "system:authenticated"] };
  const serviceAccount = {
    username: `system:serviceaccount:${namespace}:default`,
    groups: [
      "system:serviceaccounts",
      `system:serviceaccounts:${namespace}`,
      "system:authenticated",
    ],
  };
  return {
    view,
    judge(attempt) {
      const request = attempt.request(view);
      const where =
        attempt.where === "cluster"
          ? undefined
          : attempt.where === "edge"
            ? EDGE_NAMESPACE
            : namespace;
      const asServiceAccount =
        attempt.asServiceAccount === true &&
        rights.allows(where, "impersonate", "", "serviceaccounts");
      if (attempt.asServiceAccount === true && !asServiceAccount) return "rbac";
      if (!rbacAllows(rights, where, request, roleRules)) return "rbac";
      if (where !== namespace) return undefined;
      const spec = podSpecOf(request);
      if (request.resource === "pods" && spec !== undefined) {
        if (podSecurityFailures(level, spec).length > 0) return "pod-security";
      }
      const userInfo = asServiceAccount ? serviceAccount : admin;
      const refusing = applying.find(
        (p) => policyRefusals(p.spec, { ...request, namespaceObject, userInfo }).length > 0,
      );
      if (refusing !== undefined) return `admission:${refusing.name}`;
      if (
        request.operation === "CREATE" &&
        countKeys(request.group, request.resource, request.object).some((k) => hard.get(k) === 0)
      ) {
        return "quota";
      }
      // What the pods a workload makes would meet: PodSecurity enforces on pods, not templates.
      if (spec !== undefined && podSecurityFailures(level, spec).length > 0) return "pod-security";
      return undefined;
    },
    uncapped() {
      return creatable(rights.rulesIn(namespace)).filter((kind) => {
        const [resource = "", ...group] = kind.split(".");
        // `pods` counts running pods only; finished ones are capped by `count/pods` alone.
        return !countKeys(group.join("."), resource, null)
          .filter((k) => k !== "pods")
          .some((k) => hard.has(k));
      });
    },
  };
}

/** The judge of one tenant's requests, with the victim's host for attempts that need one. */
export function tenantJudge(
  inventory: Inventory,
  namespace: string,
  victim = { host: "victim.invalid", namespace: "victim" },
): Judge {
  const objects = inventory.objects.filter((o) => o.metadata?.namespace === namespace);
  return judgeFor(
    inventory,
    rbacIndex(inventory.objects),
    admissionPolicies(inventory.objects),
    objects,
    namespace,
    victim,
  );
}

export function adversary(
  inventory: Inventory,
  tenants: ReadonlyMap<string, string>,
): { readonly results: AttemptResult[]; readonly violations: Violation[] } {
  const policies = admissionPolicies(inventory.objects);
  const rbac = rbacIndex(inventory.objects);
  const byNamespace = byNamespaceOf(inventory.objects);
  const namespaces = [...tenants.keys()].sort();
  const results: AttemptResult[] = [];
  const violations: Violation[] = [];
  const hostsOf = (namespace: string | undefined) =>
    annotationList(inventory.namespaces.get(namespace ?? ""), ALLOWED.hosts);
  namespaces.forEach((namespace, index) => {
    const tenant = tenants.get(namespace) ?? namespace;
    const victim = namespaces[(index + 1) % namespaces.length];
    const victimHost =
      (victim !== namespace ? hostsOf(victim)[0] : undefined) ??
      `another-tenant.${hostsOf(namespace)[0] ?? "invalid"}`;
    const judge = judgeFor(inventory, rbac, policies, byNamespace.get(namespace) ?? [], namespace, {
      host: victimHost,
      namespace: victim !== undefined && victim !== namespace ? victim : "another-tenant",
    });
    const record = (id: string, title: string, stoppedBy: Layer | undefined, why: string) => {
      results.push({
        tenant,
        attempt: id,
        title,
        ...(stoppedBy !== undefined ? { stoppedBy } : {}),
      });
      if (stoppedBy === undefined) {
        violations.push({
          kind: "adversary",
          tenant,
          message: `tenant ${tenant}'s admins could ${why}`,
        });
      }
    };
    for (const attempt of ATTEMPTS) {
      if (attempt.onPlatformObject && judge.view.platformObject === undefined) continue;
      if (attempt.onTenantPools && Object.keys(judge.view.nodeSelector).length === 0) continue;
      record(
        attempt.id,
        attempt.title,
        judge.judge(attempt),
        `${attempt.title}: no layer stops it`,
      );
    }
    const uncapped = judge.uncapped();
    record(
      FLOOD.id,
      FLOOD.title,
      uncapped.length === 0 ? "quota" : undefined,
      `create ${uncapped.join(", ")} without end: the quota caps no count of them`,
    );
  });
  return { results, violations };
}
