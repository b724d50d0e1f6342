import { ALLOWED, MANAGED_BY, NAMESPACE_NAME_LABEL } from "../components/labels";
import { policyRefusals, type AdmissionRequest, type PolicySpec } from "./admission";
import type { Inventory, KubernetesObject } from "./inventory";
import type { Violation } from "./isolation";
import { matchesSelector, type LabelSelector } from "./selectors";

/**
 * The adversary: for each tenant, requests its own admins could make to break isolation, each
 * judged as the cluster would, layer by layer: RBAC (the built-in `admin` role in the tenant's
 * namespace, and the Roles bound there to its groups), then the admission policies among the
 * objects, with their CEL. A request no layer stops is a violation. Pure.
 */

/** Who stopped a request: RBAC, or the admission policy that refused it. */
export interface AttemptResult {
  readonly tenant: string;
  readonly attempt: string;
  readonly title: string;
  /** `rbac`, or `admission:<policy>`; undefined when nothing stopped it. */
  readonly stoppedBy?: string;
}

/**
 * Namespaced write rights of the built-in `admin` role (it aggregates `edit`), by API group.
 * Nothing cluster-scoped, nothing in another namespace, nothing of an add-on's API unless a role
 * aggregates it (the program turns cert-manager's aggregation off; Envoy Gateway has none).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 */
const ADMIN_WRITES: Readonly<Record<string, readonly string[]>> = {
  "": [
    "pods",
    "pods/ephemeralcontainers",
    "replicationcontrollers",
    "persistentvolumeclaims",
    "configmaps",
    "secrets",
    "services",
    "serviceaccounts",
  ],
  apps: ["deployments", "statefulsets", "daemonsets", "replicasets"],
  batch: ["jobs", "cronjobs"],
  autoscaling: ["horizontalpodautoscalers"],
  policy: ["poddisruptionbudgets"],
  "networking.k8s.io": ["ingresses", "networkpolicies"],
  "rbac.authorization.k8s.io": ["roles", "rolebindings"],
};

interface Attempt {
  readonly id: string;
  readonly title: string;
  /** Where it is made; the tenant's own namespace unless said. */
  readonly namespace?: "cluster" | "edge";
  /** Made only where the platform has an object of its own in the namespace to act on. */
  readonly onPlatformObject?: true;
  readonly request: (t: TenantView) => Omit<AdmissionRequest, "namespaceObject" | "userInfo">;
}

/** What an attempt needs to know of the tenant it is made as, and of a victim. */
interface TenantView {
  readonly namespace: string;
  readonly registry: string;
  readonly victimHost: string;
  readonly platformObject?: KubernetesObject;
}

const meta = (name: string, labels: Record<string, string> = {}) => ({ name, labels });
const container = (t: TenantView, more: Record<string, unknown> = {}) => ({
  name: "app",
  image: `${t.registry}/app:1.0`,
  imagePullPolicy: "Always",
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  ...more,
});
const pod = (t: TenantView, spec: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  operation: "CREATE" as const,
  group: "",
  resource: "pods",
  object: { kind: "Pod", metadata: meta("p"), spec: { containers: [container(t, more)], ...spec } },
});
const create = (group: string, resource: string, object: Record<string, unknown>) => ({
  operation: "CREATE" as const,
  group,
  resource,
  object,
});

export const ATTEMPTS: readonly Attempt[] = [
  {
    id: "service-load-balancer",
    title: "expose a LoadBalancer Service",
    request: () => create("", "services", { metadata: meta("s"), spec: { type: "LoadBalancer" } }),
  },
  {
    id: "service-external-ips",
    title: "take traffic for other addresses with externalIPs",
    request: () =>
      create("", "services", { metadata: meta("s"), spec: { externalIPs: ["20.0.0.1"] } }),
  },
  {
    id: "route-foreign-host",
    title: "route another tenant's host",
    request: (t) =>
      create("gateway.networking.k8s.io", "httproutes", {
        metadata: meta("r"),
        spec: { hostnames: [t.victimHost] },
      }),
  },
  {
    id: "route-wildcard",
    title: "route every host of the domain",
    request: (t) =>
      create("gateway.networking.k8s.io", "httproutes", {
        metadata: meta("r"),
        spec: { hostnames: [`*.${t.victimHost.split(".").slice(1).join(".")}`] },
      }),
  },
  {
    id: "ingress",
    title: "claim a host with an Ingress",
    request: (t) =>
      create("networking.k8s.io", "ingresses", {
        metadata: meta("i"),
        spec: { rules: [{ host: t.victimHost }] },
      }),
  },
  {
    id: "gateway",
    title: "run a Gateway of its own",
    request: () =>
      create("gateway.networking.k8s.io", "gateways", { metadata: meta("g"), spec: {} }),
  },
  {
    id: "edge-listeners",
    title: "add listeners in the edge's namespace",
    namespace: "edge",
    request: () =>
      create("gateway.networking.k8s.io", "listenersets", { metadata: meta("l"), spec: {} }),
  },
  {
    id: "certificate",
    title: "ask cert-manager for a certificate",
    request: (t) =>
      create("cert-manager.io", "certificates", {
        metadata: meta("c"),
        spec: { dnsNames: [t.victimHost] },
      }),
  },
  {
    id: "delete-platform-policy",
    title: "delete the platform's default-deny policy",
    onPlatformObject: true,
    request: (t) => ({
      operation: "DELETE",
      group: "networking.k8s.io",
      resource: "networkpolicies",
      object: null,
      oldObject: t.platformObject,
    }),
  },
  {
    id: "relabel-platform-policy",
    title: "take the platform's label off its policy, to delete it after",
    onPlatformObject: true,
    request: (t) => ({
      operation: "UPDATE",
      group: "networking.k8s.io",
      resource: "networkpolicies",
      object: { ...t.platformObject, metadata: meta("default-deny") },
      oldObject: t.platformObject,
    }),
  },
  {
    id: "egress-metadata",
    title: "open egress to the node's metadata service",
    request: () =>
      create("networking.k8s.io", "networkpolicies", {
        metadata: meta("open"),
        spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] },
      }),
  },
  { id: "pod-node-name", title: "pin a pod to a node", request: (t) => pod(t, { nodeName: "n" }) },
  {
    id: "pod-other-pool",
    title: "tolerate another tier's pool",
    request: (t) =>
      pod(t, {
        tolerations: [
          { key: "tenancy.dev/tier", operator: "Equal", value: "x", effect: "NoSchedule" },
        ],
      }),
  },
  {
    id: "pod-foreign-image",
    title: "run an image from another registry",
    request: (t) => pod(t, {}, { image: "docker.io/attacker/miner:1.0" }),
  },
  {
    id: "pod-cached-image",
    title: "run a private image cached on the node without pulling it",
    request: (t) => pod(t, {}, { imagePullPolicy: "IfNotPresent" }),
  },
  {
    id: "pod-windows-system",
    title: "run a Windows pod as SYSTEM",
    request: (t) =>
      pod(t, { securityContext: { windowsOptions: { runAsUserName: "NT AUTHORITY\\SYSTEM" } } }),
  },
  {
    id: "claim-retained-volume",
    title: "mount a retained volume by name",
    request: () =>
      create("", "persistentvolumeclaims", {
        metadata: meta("v"),
        spec: { volumeName: "pvc-of-a-removed-tenant" },
      }),
  },
  {
    id: "bind-outsiders",
    title: "grant its rights to every authenticated user",
    request: () =>
      create("rbac.authorization.k8s.io", "rolebindings", {
        metadata: meta("b"),
        subjects: [{ kind: "Group", name: "system:authenticated" }],
        roleRef: { kind: "ClusterRole", name: "edit" },
      }),
  },
  {
    id: "token-secret",
    title: "mint a long-lived service account token",
    request: () =>
      create("", "secrets", { metadata: meta("t"), type: "kubernetes.io/service-account-token" }),
  },
  {
    id: "cluster-binding",
    title: "bind a role cluster-wide",
    namespace: "cluster",
    request: () =>
      create("rbac.authorization.k8s.io", "clusterrolebindings", { metadata: meta("c") }),
  },
  {
    id: "relabel-namespace",
    title: "change its namespace's labels and annotations",
    namespace: "cluster",
    request: (t) => ({
      operation: "UPDATE",
      group: "",
      resource: "namespaces",
      object: { metadata: meta(t.namespace) },
    }),
  },
];

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
}

/** Extra rights: Roles of the namespace bound to one of the tenant's groups. */
function boundRules(objects: readonly KubernetesObject[], groups: readonly string[]): Rule[] {
  const inNamespace = (kind: string) => objects.filter((o) => o.kind === kind);
  const roles = new Set(
    inNamespace("RoleBinding")
      .filter((b) =>
        ((b as { subjects?: { kind?: string; name?: string }[] }).subjects ?? []).some(
          (s) => s.kind === "Group" && groups.includes(s.name ?? ""),
        ),
      )
      .map((b) => (b as { roleRef?: { kind?: string; name?: string } }).roleRef)
      .filter((ref) => ref?.kind === "Role")
      .map((ref) => ref?.name ?? ""),
  );
  return inNamespace("Role")
    .filter((r) => roles.has(r.metadata?.name ?? ""))
    .flatMap((r) => (r as { rules?: Rule[] }).rules ?? []);
}

const VERB = { CREATE: "create", UPDATE: "update", DELETE: "delete" } as const;

function rbacAllows(
  attempt: Attempt,
  request: Omit<AdmissionRequest, "namespaceObject" | "userInfo">,
  extra: readonly Rule[],
): boolean {
  if (attempt.namespace !== undefined) return false;
  if ((ADMIN_WRITES[request.group] ?? []).includes(request.resource)) return true;
  const any = (list: readonly string[] | undefined, value: string) =>
    (list ?? []).includes("*") || (list ?? []).includes(value);
  return extra.some(
    (rule) =>
      any(rule.apiGroups, request.group) &&
      any(rule.resources, request.resource) &&
      any(rule.verbs, VERB[request.operation]),
  );
}

interface Policy {
  readonly name: string;
  readonly spec: PolicySpec;
  readonly namespaceSelector: LabelSelector;
}

/** The admission policies among the objects, each with the namespaces its bindings select. */
function admissionPolicies(objects: readonly KubernetesObject[]): Policy[] {
  return objects
    .filter((o) => o.kind === "ValidatingAdmissionPolicyBinding")
    .flatMap((binding) => {
      const spec = binding.spec as {
        policyName?: string;
        validationActions?: string[];
        matchResources?: { namespaceSelector?: LabelSelector };
      };
      if (!(spec.validationActions ?? []).includes("Deny")) return [];
      const policy = objects.find(
        (o) => o.kind === "ValidatingAdmissionPolicy" && o.metadata?.name === spec.policyName,
      );
      return policy === undefined
        ? []
        : [
            {
              name: spec.policyName ?? "",
              spec: policy.spec as PolicySpec,
              namespaceSelector: spec.matchResources?.namespaceSelector ?? {},
            },
          ];
    });
}

export function adversary(
  inventory: Inventory,
  tenants: ReadonlyMap<string, string>,
): { readonly results: AttemptResult[]; readonly violations: Violation[] } {
  const policies = admissionPolicies(inventory.objects);
  // Each namespace's objects, grouped once: every tenant reads only its own.
  const byNamespace = new Map<string, KubernetesObject[]>();
  for (const object of inventory.objects) {
    const namespace = object.metadata?.namespace;
    if (namespace === undefined) continue;
    const list = byNamespace.get(namespace);
    if (list === undefined) byNamespace.set(namespace, [object]);
    else list.push(object);
  }
  const namespaces = [...tenants.keys()].sort();
  const results: AttemptResult[] = [];
  const violations: Violation[] = [];
  namespaces.forEach((namespace, index) => {
    const tenant = tenants.get(namespace) ?? namespace;
    const namespaceInfo = inventory.namespaces.get(namespace);
    const annotations = namespaceInfo?.annotations ?? {};
    const list = (key: string) => (annotations[key] ?? "").split(",").filter((v) => v !== "");
    const groups = list(ALLOWED.groups);
    const victim = namespaces[(index + 1) % namespaces.length];
    const victimHosts = (inventory.namespaces.get(victim ?? "")?.annotations[ALLOWED.hosts] ?? "")
      .split(",")
      .filter((h) => h !== "" && victim !== namespace);
    const view: TenantView = {
      namespace,
      registry: list(ALLOWED.registries)[0] ?? "registry.invalid",
      victimHost: victimHosts[0] ?? `another-tenant.${list(ALLOWED.hosts)[0] ?? "invalid"}`,
      platformObject: (byNamespace.get(namespace) ?? []).find(
        (o) =>
          o.kind === "NetworkPolicy" &&
          Object.entries(MANAGED_BY).every(([k, v]) => o.metadata?.labels?.[k] === v),
      ),
    };
    const namespaceObject = {
      metadata: { name: namespace, labels: namespaceInfo?.labels ?? {}, annotations },
    };
    const extra = boundRules(byNamespace.get(namespace) ?? [], groups);
    const applying = policies.filter((p) =>
      matchesSelector(p.namespaceSelector, {
        ...namespaceInfo?.labels,
        [NAMESPACE_NAME_LABEL]: namespace,
      }),
    );
    const admin = { username: `admin@${tenant}`, groups: [...groups, "system:authenticated"] };
    for (const attempt of ATTEMPTS) {
      if (attempt.onPlatformObject && view.platformObject === undefined) continue;
      const request = attempt.request(view);
      const stoppedBy = rbacAllows(attempt, request, extra)
        ? applying.find(
            (p) =>
              policyRefusals(p.spec, { ...request, namespaceObject, userInfo: admin }).length > 0,
          )?.name
        : "rbac";
      const named =
        stoppedBy === undefined || stoppedBy === "rbac" ? stoppedBy : `admission:${stoppedBy}`;
      results.push({
        tenant,
        attempt: attempt.id,
        title: attempt.title,
        ...(named !== undefined ? { stoppedBy: named } : {}),
      });
      if (named === undefined) {
        violations.push({
          kind: "adversary",
          tenant,
          message: `tenant ${tenant}'s admins could ${attempt.title}: neither RBAC nor an admission policy stops it`,
        });
      }
    }
  });
  return { results, violations };
}
