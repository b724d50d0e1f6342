import type { KubernetesObject } from "../inventory";

/**
 * What RBAC lets a tenant's groups do, where: the Roles and ClusterRoles bound to them by
 * RoleBindings (in that namespace) and ClusterRoleBindings (everywhere), the built-in user-facing
 * roles included as data, and any ClusterRole among the objects that aggregates into them. Pure.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */

export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resourceNames?: readonly string[];
}

const rule = (
  apiGroups: readonly string[],
  resources: readonly string[],
  verbs: readonly string[],
): PolicyRule => ({ apiGroups, resources, verbs });

const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const READ = ["get", "list", "watch"];

/**
 * The rules the API server reconciles into the aggregated roles on every start, copied from the
 * bootstrap policy's expected output (kubernetes/kubernetes, plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/testdata/cluster-roles.yaml at 025f2834, read 2026-12-02). The namespaced
 * writes of `edit` have been these since leases joined them in 1.25 (kubernetes/kubernetes#111472),
 * so they hold for every minor the program supports (1.31 on). Refresh them with each new minor.
 */
const AGGREGATE_TO_VIEW: readonly PolicyRule[] = [
  rule(
    [""],
    [
      "configmaps",
      "endpoints",
      "persistentvolumeclaims",
      "persistentvolumeclaims/status",
      "pods",
      "replicationcontrollers",
      "replicationcontrollers/scale",
      "serviceaccounts",
      "services",
      "services/status",
      "bindings",
      "events",
      "limitranges",
      "namespaces/status",
      "pods/log",
      "pods/status",
      "replicationcontrollers/status",
      "resourcequotas",
      "resourcequotas/status",
      "namespaces",
    ],
    READ,
  ),
  rule(["discovery.k8s.io"], ["endpointslices"], READ),
  rule(
    ["apps"],
    [
      "controllerrevisions",
      "daemonsets",
      "daemonsets/status",
      "deployments",
      "deployments/scale",
      "deployments/status",
      "replicasets",
      "replicasets/scale",
      "replicasets/status",
      "statefulsets",
      "statefulsets/scale",
      "statefulsets/status",
    ],
    READ,
  ),
  rule(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], READ),
  rule(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
  rule(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], READ),
  rule(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
];

const AGGREGATE_TO_EDIT: readonly PolicyRule[] = [
  rule(
    [""],
    ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"],
    READ,
  ),
  rule([""], ["serviceaccounts"], ["impersonate"]),
  rule([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
  rule([""], ["pods/eviction"], ["create"]),
  rule(
    [""],
    [
      "configmaps",
      "events",
      "persistentvolumeclaims",
      "replicationcontrollers",
      "replicationcontrollers/scale",
      "secrets",
      "serviceaccounts",
      "services",
      "services/proxy",
    ],
    WRITE,
  ),
  rule([""], ["serviceaccounts/token"], ["create"]),
  rule(
    ["apps"],
    [
      "daemonsets",
      "deployments",
      "deployments/rollback",
      "deployments/scale",
      "replicasets",
      "replicasets/scale",
      "statefulsets",
      "statefulsets/scale",
    ],
    WRITE,
  ),
  rule(["autoscaling"], ["horizontalpodautoscalers"], WRITE),
  rule(["batch"], ["cronjobs", "jobs"], WRITE),
  rule(["policy"], ["poddisruptionbudgets"], WRITE),
  rule(["networking.k8s.io"], ["ingresses", "networkpolicies"], WRITE),
  rule(["coordination.k8s.io"], ["leases"], [...WRITE, ...READ]),
  // With DynamicResourceAllocation, on by default since 1.34 (testdata/cluster-roles-featuregates.yaml).
  rule(["resource.k8s.io"], ["resourceclaims", "resourceclaimtemplates"], [...WRITE, ...READ]),
];

const AGGREGATE_TO_ADMIN: readonly PolicyRule[] = [
  rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
  rule(["rbac.authorization.k8s.io"], ["rolebindings", "roles"], [...WRITE, ...READ]),
];

const AGGREGATION_LABEL = (role: string) => `rbac.authorization.k8s.io/aggregate-to-${role}`;

/** The built-in user-facing roles, each with what it aggregates from the bootstrap policy. */
export const BUILT_IN_ROLES: Readonly<Record<string, readonly PolicyRule[]>> = {
  "cluster-admin": [rule(["*"], ["*"], ["*"])],
  view: AGGREGATE_TO_VIEW,
  edit: [...AGGREGATE_TO_EDIT, ...AGGREGATE_TO_VIEW],
  admin: [...AGGREGATE_TO_ADMIN, ...AGGREGATE_TO_EDIT, ...AGGREGATE_TO_VIEW],
};

/** `edit` aggregates into `admin`, `view` into `edit`: a label on one reaches those above it. */
const AGGREGATES_INTO: Readonly<Record<string, readonly string[]>> = {
  view: ["view", "edit", "admin"],
  edit: ["edit", "admin"],
  admin: ["admin"],
};

interface Subject {
  kind?: string;
  name?: string;
}
interface RoleRef {
  kind?: string;
  name?: string;
}

const rulesOf = (o: KubernetesObject): PolicyRule[] =>
  (o as { rules?: PolicyRule[] | null }).rules ?? [];

/** A tenant's rights; a namespace of undefined means cluster-scoped. */
export interface Rights {
  /** The rules that apply there. */
  rulesIn(namespace: string | undefined): readonly PolicyRule[];
  allows(namespace: string | undefined, verb: string, group: string, resource: string): boolean;
}

/** Groups every signed-in requester is in, whatever its own groups. */
const EVERYONE = ["system:authenticated", "system:unauthenticated"];

/**
 * The objects' RBAC, indexed once: roles by name (the built-in ones, widened by any ClusterRole
 * that aggregates into them) and bindings by the group they name, so each tenant's rights are
 * read from its own groups' bindings, not from every object again.
 */
export interface RbacIndex {
  clusterRole(name: string): readonly PolicyRule[] | undefined;
  role(namespace: string, name: string): readonly PolicyRule[] | undefined;
  rightsOf(groups: readonly string[]): Rights;
}

export function rbacIndex(objects: readonly KubernetesObject[]): RbacIndex {
  const clusterRoles = new Map<string, PolicyRule[]>(
    Object.entries(BUILT_IN_ROLES).map(([name, rules]) => [name, [...rules]]),
  );
  const roles = new Map<string, PolicyRule[]>();
  const byGroup = new Map<string, KubernetesObject[]>();
  for (const o of objects) {
    if (o.kind === "ClusterRole") {
      const name = o.metadata?.name ?? "";
      clusterRoles.set(name, [...(clusterRoles.get(name) ?? []), ...rulesOf(o)]);
    } else if (o.kind === "Role") {
      roles.set(`${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`, rulesOf(o));
    } else if (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") {
      for (const s of (o as { subjects?: Subject[] }).subjects ?? []) {
        if (s.kind !== "Group") continue;
        const list = byGroup.get(s.name ?? "");
        if (list === undefined) byGroup.set(s.name ?? "", [o]);
        else if (!list.includes(o)) list.push(o);
      }
    }
  }
  // An add-on's ClusterRole labelled to aggregate into a built-in role widens that role.
  for (const o of objects) {
    if (o.kind !== "ClusterRole") continue;
    for (const [role, into] of Object.entries(AGGREGATES_INTO)) {
      if (o.metadata?.labels?.[AGGREGATION_LABEL(role)] !== "true") continue;
      for (const target of into) clusterRoles.get(target)?.push(...rulesOf(o));
    }
  }
  const role = (namespace: string, name: string) => roles.get(`${namespace}/${name}`);
  const granted = (binding: KubernetesObject): readonly PolicyRule[] => {
    const ref = (binding as { roleRef?: RoleRef }).roleRef;
    return (
      (ref?.kind === "ClusterRole"
        ? clusterRoles.get(ref.name ?? "")
        : role(binding.metadata?.namespace ?? "", ref?.name ?? "")) ?? []
    );
  };
  return {
    clusterRole: (name) => clusterRoles.get(name),
    role,
    rightsOf(groups) {
      const bindings = new Set([...groups, ...EVERYONE].flatMap((g) => byGroup.get(g) ?? []));
      const everywhere: PolicyRule[] = [];
      const byNamespace = new Map<string, PolicyRule[]>();
      for (const b of bindings) {
        if (b.kind === "ClusterRoleBinding") everywhere.push(...granted(b));
        else {
          const namespace = b.metadata?.namespace ?? "";
          byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), ...granted(b)]);
        }
      }
      return rightsFrom(everywhere, byNamespace);
    },
  };
}

function rightsFrom(
  everywhere: readonly PolicyRule[],
  byNamespace: ReadonlyMap<string, readonly PolicyRule[]>,
): Rights {
  const matches = (list: readonly string[] | undefined, value: string) =>
    (list ?? []).includes("*") || (list ?? []).includes(value);
  const rulesIn = (namespace: string | undefined): PolicyRule[] => [
    ...everywhere,
    ...(namespace !== undefined ? (byNamespace.get(namespace) ?? []) : []),
  ];
  return {
    rulesIn,
    allows(namespace, verb, group, resource) {
      // A rule limited to resourceNames counts as granting: the adversary assumes the name fits.
      return rulesIn(namespace).some(
        (r) =>
          matches(r.apiGroups, group) && matches(r.resources, resource) && matches(r.verbs, verb),
      );
    },
  };
}

/** The rights `groups` hold among `objects`; for one look, where an index is not worth it. */
export const rightsOf = (objects: readonly KubernetesObject[], groups: readonly string[]): Rights =>
  rbacIndex(objects).rightsOf(groups);

/** Resources a tenant may create that are requests, not stored objects: no quota counts them. */
const NOT_STORED = new Set(["localsubjectaccessreviews"]);

/**
 * The kinds the rules let a tenant create, as `<resource>` or `<resource>.<group>`: each is a
 * count a quota must cap. Subresources are not objects, and the `extensions` group no longer
 * serves any of its kinds; `*` is returned as is, for no quota caps every kind.
 */
export function creatable(rules: readonly PolicyRule[]): string[] {
  const kinds = new Set<string>();
  for (const r of rules) {
    if (!(r.verbs ?? []).some((v) => v === "create" || v === "*")) continue;
    for (const group of r.apiGroups ?? []) {
      for (const resource of r.resources ?? []) {
        if (resource.includes("/") || NOT_STORED.has(resource) || group === "extensions") continue;
        kinds.add(group === "" ? resource : `${resource}.${group}`);
      }
    }
  }
  return [...kinds].sort();
}
