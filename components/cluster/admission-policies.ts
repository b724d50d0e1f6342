import type * as k8s from "@pulumi/kubernetes";
import type { Platform } from "../../stacks/cluster/stack";
import { ALLOWED, MANAGED_BY, TENANT_LABEL } from "../labels";

/**
 * Admission rules for what tenants' admins create themselves, as ValidatingAdmissionPolicies
 * (GA since Kubernetes 1.30, built into the API server: no add-on, no webhook to be down). Each
 * applies to tenant namespaces, chosen by the `tenancy.dev/tenant` label, which tenants cannot
 * change (the `admin` role grants no write on Namespaces), and reads what the tenant may use from
 * the namespace's annotations. The platform's own objects satisfy every rule (a render test
 * checks it through a CEL evaluator).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */

/** One rule: the policy's CEL, its variables, and which requests it judges. */
export interface Rule {
  readonly name: string;
  /** Guardrail ids of verify/guardrails this rule holds in the cluster. */
  readonly guardrails: readonly string[];
  readonly resources: readonly { group: string; resources: readonly string[] }[];
  readonly operations: readonly ("CREATE" | "UPDATE" | "DELETE")[];
  readonly variables?: readonly { name: string; expression: string }[];
  readonly validations: readonly { expression: string; message: string }[];
}

/** A comma-separated namespace annotation as a list; empty when absent. */
const annotationList = (key: string): string =>
  `has(namespaceObject.metadata.annotations) && '${key}' in namespaceObject.metadata.annotations && namespaceObject.metadata.annotations['${key}'] != '' ? namespaceObject.metadata.annotations['${key}'].split(',') : []`;

/** The pod spec of a Pod or of any workload's template. */
const POD_SPEC =
  "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec";

const WORKLOADS = [
  { group: "", resources: ["pods", "pods/ephemeralcontainers"] },
  { group: "apps", resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
  { group: "batch", resources: ["jobs", "cronjobs"] },
];

/** The requester is one of the tenant's own: a group bound in its namespace, or its own accounts. */
const TENANT_PRINCIPAL = `request.userInfo.username.startsWith('system:serviceaccount:' + namespaceObject.metadata.name + ':') || (has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in variables.groups))`;

const isPlatformObject = (which: "object" | "oldObject"): string =>
  `${which} != null && has(${which}.metadata) && has(${which}.metadata.labels) && ${Object.entries(
    MANAGED_BY,
  )
    .map(
      ([k, v]) =>
        `'${k}' in ${which}.metadata.labels && ${which}.metadata.labels['${k}'] == '${v}'`,
    )
    .join(" && ")}`;

export const ADMISSION_RULES: readonly Rule[] = [
  {
    name: "services",
    guardrails: ["cluster-ip-services-only"],
    resources: [{ group: "", resources: ["services"] }],
    operations: ["CREATE", "UPDATE"],
    validations: [
      {
        expression: "!has(object.spec.type) || object.spec.type == 'ClusterIP'",
        message:
          "Tenants' Services are ClusterIP: no NodePort, LoadBalancer or ExternalName (the Gateway is the only way in).",
      },
      {
        expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
        message:
          "Services may not set externalIPs: they would take traffic meant for those addresses (CVE-2020-8554).",
      },
    ],
  },
  {
    name: "route-hostnames",
    guardrails: [],
    resources: [{ group: "gateway.networking.k8s.io", resources: ["httproutes", "grpcroutes"] }],
    operations: ["CREATE", "UPDATE"],
    variables: [{ name: "hosts", expression: annotationList(ALLOWED.hosts) }],
    validations: [
      {
        expression: "has(object.spec.hostnames) && size(object.spec.hostnames) > 0",
        message:
          "A route names the tenant's hosts: a route without hostnames would take every host of its listeners.",
      },
      {
        expression: "object.spec.hostnames.all(h, !h.contains('*') && h in variables.hosts)",
        message: `A route names only the tenant's own hosts (the namespace's ${ALLOWED.hosts} annotation), never a wildcard.`,
      },
    ],
  },
  {
    name: "no-host-claims",
    guardrails: [],
    resources: [
      { group: "networking.k8s.io", resources: ["ingresses"] },
      { group: "gateway.networking.k8s.io", resources: ["gateways", "listenersets"] },
    ],
    operations: ["CREATE", "UPDATE"],
    validations: [
      {
        expression: "false",
        message:
          "Only the platform claims hostnames: tenants publish routes on their own listeners (HTTPRoute), never Ingresses, Gateways or ListenerSets.",
      },
    ],
  },
  {
    name: "platform-objects",
    guardrails: ["quota-and-limit-range", "default-deny"],
    // Scaling too: a Scale carries no labels, so tenants scale through the object itself.
    resources: [{ group: "*", resources: ["*", "*/scale"] }],
    operations: ["CREATE", "UPDATE", "DELETE"],
    variables: [
      { name: "groups", expression: annotationList(ALLOWED.groups) },
      { name: "tenant", expression: TENANT_PRINCIPAL },
    ],
    validations: [
      {
        // Judged on the object as it was: a relabel cannot take it out of the platform's hands.
        expression: `!variables.tenant || !(${isPlatformObject("oldObject")} || ${isPlatformObject("object")})`,
        message:
          "This object is the platform's: change it in the tenant catalog, not in the cluster (and tenants do not label objects as the platform's).",
      },
      {
        expression: "!variables.tenant || request.subResource != 'scale'",
        message:
          "Tenants scale a workload by changing its replicas, not through its scale subresource, which does not say whose the workload is.",
      },
    ],
  },
  {
    name: "pods",
    guardrails: ["allowed-registries", "pinned-images", "requests-and-limits"],
    resources: WORKLOADS,
    operations: ["CREATE", "UPDATE"],
    variables: [
      { name: "spec", expression: POD_SPEC },
      {
        name: "containers",
        expression:
          "variables.spec.containers + (has(variables.spec.initContainers) ? variables.spec.initContainers : []) + (has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : [])",
      },
      { name: "registries", expression: annotationList(ALLOWED.registries) },
      { name: "selectors", expression: annotationList(ALLOWED.nodeSelectors) },
      { name: "required", expression: annotationList(ALLOWED.requiredNodeSelectors) },
      { name: "tolerations", expression: annotationList(ALLOWED.tolerations) },
    ],
    validations: [
      {
        // After the namespace's LimitRange has filled in what a container left out.
        expression:
          "(variables.spec.containers + (has(variables.spec.initContainers) ? variables.spec.initContainers : [])).all(c, has(c.resources) && has(c.resources.requests) && has(c.resources.limits) && ['cpu', 'memory'].all(r, r in c.resources.requests && r in c.resources.limits))",
        message: "Every container sets CPU and memory requests and limits.",
      },
      {
        expression: "!has(variables.spec.nodeName)",
        message: "Pods are placed by the scheduler on the tenant's pools: no nodeName.",
      },
      {
        // A priority class would let a tenant's pods preempt other tenants' pods on shared nodes.
        // (spec.priority is the API server's own, set from the class; the clusters have no
        // globalDefault class.)
        expression:
          "!has(variables.spec.priorityClassName) || variables.spec.priorityClassName == ''",
        message: "Pods take no priority class: none may preempt another tenant's pods.",
      },
      {
        // Affinity to pods of other namespaces would fence other tenants off nodes, or seek them out.
        expression:
          "!has(variables.spec.affinity) || [has(variables.spec.affinity.podAffinity) ? variables.spec.affinity.podAffinity : {}, has(variables.spec.affinity.podAntiAffinity) ? variables.spec.affinity.podAntiAffinity : {}].all(a, (has(a.requiredDuringSchedulingIgnoredDuringExecution) ? a.requiredDuringSchedulingIgnoredDuringExecution : []).all(t, !has(t.namespaces) && !has(t.namespaceSelector)) && (has(a.preferredDuringSchedulingIgnoredDuringExecution) ? a.preferredDuringSchedulingIgnoredDuringExecution : []).all(w, !has(w.podAffinityTerm.namespaces) && !has(w.podAffinityTerm.namespaceSelector)))",
        message:
          "Pod affinity and anti-affinity look at the tenant's own pods only: no namespaces or namespaceSelector.",
      },
      {
        // An inline CSI volume names a share or disk directly, past the classes the tenant may use.
        expression: "!has(variables.spec.volumes) || variables.spec.volumes.all(v, !has(v.csi))",
        message: "No inline CSI volumes: volumes come from claims of the tenant's classes.",
      },
      {
        expression:
          "(!has(variables.spec.nodeSelector) || variables.spec.nodeSelector.all(k, k + '=' + variables.spec.nodeSelector[k] in variables.selectors)) && (!has(variables.spec.tolerations) || variables.spec.tolerations.all(t, (has(t.key) ? t.key : '') + '=' + (has(t.value) ? t.value : '') + ':' + (has(t.effect) ? t.effect : '') in variables.tolerations)) && (!has(variables.spec.affinity) || !has(variables.spec.affinity.nodeAffinity))",
        message: `Pods use only the node selectors and tolerations of the tenant's own pools (the namespace's ${ALLOWED.nodeSelectors} and ${ALLOWED.tolerations} annotations), and no node affinity.`,
      },
      {
        expression:
          "variables.required.all(r, has(variables.spec.nodeSelector) && variables.spec.nodeSelector.exists(k, k + '=' + variables.spec.nodeSelector[k] == r))",
        message: `Pods select the tenants' pools (the namespace's ${ALLOWED.requiredNodeSelectors} annotation), never the system pool's nodes.`,
      },
      {
        expression:
          "variables.containers.all(c, has(c.imagePullPolicy) && c.imagePullPolicy == 'Always')",
        message:
          "Images are pulled with imagePullPolicy Always, so a private image cached on a node serves only pods allowed to pull it.",
      },
      {
        expression:
          "variables.containers.all(c, variables.registries.exists(r, c.image.startsWith(r + '/')))",
        message: `Images come from the registries in the namespace's ${ALLOWED.registries} annotation.`,
      },
      {
        expression:
          "variables.containers.all(c, c.image.contains('@sha256:') || (c.image.split('/')[size(c.image.split('/')) - 1].contains(':') && !c.image.endsWith(':latest')))",
        message: "Images are pinned to a version tag or a digest, never latest.",
      },
      {
        expression:
          "[variables.spec].all(s, !has(s.securityContext) || !has(s.securityContext.windowsOptions) || !has(s.securityContext.windowsOptions.runAsUserName) || s.securityContext.windowsOptions.runAsUserName == 'ContainerUser') && variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.windowsOptions) || !has(c.securityContext.windowsOptions.runAsUserName) || c.securityContext.windowsOptions.runAsUserName == 'ContainerUser')",
        message:
          "Windows containers run as ContainerUser, no other account (NT AUTHORITY\\SYSTEM included).",
      },
    ],
  },
  {
    name: "volumes",
    guardrails: [],
    resources: [{ group: "", resources: ["persistentvolumeclaims"] }],
    // A claim's class is fixed at creation; its volume is bound later by the cluster itself.
    operations: ["CREATE"],
    variables: [{ name: "classes", expression: annotationList(ALLOWED.storageClasses) }],
    validations: [
      {
        expression: "!has(object.spec.volumeName) || object.spec.volumeName == ''",
        message: "A claim may not name a volume: a retained volume may hold another tenant's data.",
      },
      {
        expression:
          "has(object.spec.storageClassName) ? object.spec.storageClassName in variables.classes : size(variables.classes) == 0",
        message: `A claim uses a class in the namespace's ${ALLOWED.storageClasses} annotation.`,
      },
    ],
  },
  {
    name: "role-bindings",
    guardrails: [],
    resources: [{ group: "rbac.authorization.k8s.io", resources: ["rolebindings"] }],
    operations: ["CREATE", "UPDATE"],
    variables: [{ name: "groups", expression: annotationList(ALLOWED.groups) }],
    validations: [
      {
        expression:
          "!has(object.subjects) || object.subjects.all(s, (s.kind == 'Group' && s.name in variables.groups) || (s.kind == 'ServiceAccount' && (!has(s.namespace) || s.namespace == namespaceObject.metadata.name)))",
        message: `Bindings name only the tenant's groups (the namespace's ${ALLOWED.groups} annotation) and its own namespace's service accounts.`,
      },
    ],
  },
  {
    name: "disruption-budgets",
    guardrails: [],
    resources: [{ group: "policy", resources: ["poddisruptionbudgets"] }],
    operations: ["CREATE", "UPDATE"],
    validations: [
      {
        // A budget that lets no pod go would stall every drain of the nodes tenants share.
        expression:
          "has(object.spec.maxUnavailable) ? string(object.spec.maxUnavailable) != '0' && string(object.spec.maxUnavailable) != '0%' : !has(object.spec.minAvailable)",
        message:
          "Disruption budgets let at least one pod go (maxUnavailable of 1 or more), so node drains and upgrades never stall.",
      },
    ],
  },
  {
    name: "secrets",
    guardrails: [],
    resources: [{ group: "", resources: ["secrets"] }],
    operations: ["CREATE", "UPDATE"],
    validations: [
      {
        expression: "!has(object.type) || object.type != 'kubernetes.io/service-account-token'",
        message:
          "No long-lived service account tokens: pods get short-lived projected tokens when they need one.",
      },
    ],
  },
];

/**
 * Addresses on every node that no tenant pod may reach, whatever egress policy its admins add:
 * the instance metadata service (on AKS it hands out the kubelet identity's tokens) and, on
 * Azure, the wire server.
 * @see https://learn.microsoft.com/en-us/azure/aks/operator-best-practices-cluster-security#secure-container-access-to-resources
 * @see https://learn.microsoft.com/en-us/azure/virtual-network/what-is-ip-address-168-63-129-16
 */
export const NODE_ADDRESSES: Readonly<Record<Platform, readonly string[]>> = {
  aks: ["169.254.169.254", "168.63.129.16"],
  gke: ["169.254.169.254"],
  existing: ["169.254.169.254"],
};

/**
 * Tenants' egress rules name their destinations, and every address block among them carves out
 * the node addresses. Uses Kubernetes' CEL IP and CIDR library (1.31+).
 * @see https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-ip-address-library
 */
function egressRule(addresses: readonly string[]): Rule {
  return {
    name: "egress",
    guardrails: [],
    resources: [{ group: "networking.k8s.io", resources: ["networkpolicies"] }],
    operations: ["CREATE", "UPDATE"],
    variables: [
      { name: "protected", expression: `[${addresses.map((a) => `'${a}'`).join(", ")}]` },
    ],
    validations: [
      {
        expression:
          "!has(object.spec.egress) || object.spec.egress.all(r, has(r.to) && size(r.to) > 0 && r.to.all(p, !has(p.ipBlock) || variables.protected.all(a, !cidr(p.ipBlock.cidr).containsIP(a) || (has(p.ipBlock.except) && p.ipBlock.except.exists(e, cidr(e).containsIP(a))))))",
        message: `Egress rules name their destinations, and address blocks leave out ${addresses.join(" and ")} (the node's metadata${addresses.length > 1 ? " and wire server" : ""}) with except.`,
      },
    ],
  };
}

/** Every rule for a cluster of `platform`. */
export const admissionRules = (platform: Platform): readonly Rule[] => [
  ...ADMISSION_RULES,
  egressRule(NODE_ADDRESSES[platform]),
];

/** Name of a rule's policy and binding. */
export const policyName = (rule: Pick<Rule, "name">): string => `tenancy-${rule.name}`;

export function admissionPolicyManifest(
  rule: Rule,
): k8s.admissionregistration.v1.ValidatingAdmissionPolicyArgs {
  return {
    metadata: {
      name: policyName(rule),
      labels: { ...MANAGED_BY },
      annotations: { "tenancy.dev/guardrails": rule.guardrails.join(",") },
    },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: rule.resources.map((r) => ({
          apiGroups: [r.group],
          apiVersions: ["*"],
          resources: [...r.resources],
          operations: [...rule.operations],
        })),
      },
      ...(rule.variables ? { variables: rule.variables.map((v) => ({ ...v })) } : {}),
      validations: rule.validations.map((v) => ({ ...v })),
    },
  };
}

export function admissionBindingManifest(
  rule: Rule,
): k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs {
  return {
    metadata: { name: policyName(rule), labels: { ...MANAGED_BY } },
    spec: {
      policyName: policyName(rule),
      validationActions: ["Deny"],
      matchResources: {
        namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: "Exists" }] },
      },
    },
  };
}
