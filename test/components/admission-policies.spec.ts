import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { admissionRules } from "../../components/cluster/admission-policies";
import { refusals, type AdmissionRequest } from "../helpers/admission";

/**
 * Each admission rule, evaluated with a CEL evaluator over requests a tenant's admins could
 * make: for every rule, requests it must refuse and requests it must let through.
 */

const NAMESPACE = {
  metadata: {
    name: "contoso",
    labels: { "tenancy.dev/tenant": "contoso", "kubernetes.io/metadata.name": "contoso" },
    annotations: {
      "tenancy.dev/allowed-registries": "docker.io/advantys,mcr.microsoft.com",
      "tenancy.dev/allowed-storage-classes": "tenancy-data",
      "tenancy.dev/hosts": "contoso.example.com,contoso.westeurope.example.com",
      "tenancy.dev/groups": "contoso-admins,contoso-viewers",
      "tenancy.dev/allowed-node-selectors":
        "kubernetes.io/os=linux,kubernetes.io/os=windows,tenancy.dev/workload=tenants,tenancy.dev/tier=small",
      "tenancy.dev/required-node-selectors": "tenancy.dev/workload=tenants",
      "tenancy.dev/allowed-tolerations": "os=windows:NoSchedule,tenancy.dev/tier=small:NoSchedule",
    },
  },
};
const ADMIN = {
  username: "alice@contoso.example",
  groups: ["contoso-admins", "system:authenticated"],
};
const DEPLOYER = { username: "pulumi-deployer", groups: ["platform-admins"] };
const PLATFORM = { "app.kubernetes.io/managed-by": "tenancy" };

/** The rules of an AKS cluster, whose nodes have a metadata service and a wire server. */
const ADMISSION_RULES = admissionRules("aks");

const rule = (name: string) => {
  const found = ADMISSION_RULES.find((r) => r.name === name);
  assert.ok(found, name);
  return found;
};

/** Refusals of the request by every rule. */
const refused = (request: Partial<AdmissionRequest>): string[] =>
  ADMISSION_RULES.flatMap((r) =>
    refusals(r, {
      operation: "CREATE",
      group: "",
      resource: "",
      object: {},
      namespaceObject: NAMESPACE,
      userInfo: ADMIN,
      ...request,
    }).map((m) => `${r.name}: ${m}`),
  );

const container = (overrides: Record<string, unknown> = {}) => ({
  name: "app",
  image: "docker.io/advantys/workflowgen:10.4.0-win-ltsc2022",
  imagePullPolicy: "Always",
  resources: { requests: { cpu: "100m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
  ...overrides,
});
/** The node selector every pod of the tenant carries: its pools'. */
const ON_TENANT_POOLS = { "tenancy.dev/workload": "tenants" };
const pod = (spec: Record<string, unknown> = {}, containers = [container()]) => ({
  group: "",
  resource: "pods",
  object: {
    kind: "Pod",
    metadata: { name: "p" },
    spec: { containers, nodeSelector: ON_TENANT_POOLS, ...spec },
  },
});
const pdb = (spec: Record<string, unknown>) => ({
  group: "policy",
  resource: "poddisruptionbudgets",
  object: { kind: "PodDisruptionBudget", metadata: { name: "b" }, spec: { selector: {}, ...spec } },
});
const scale = { group: "apps", resource: "statefulsets/scale", operation: "UPDATE" as const };
const deployment = (containers: unknown[]) => ({
  group: "apps",
  resource: "deployments",
  object: {
    kind: "Deployment",
    metadata: { name: "d" },
    spec: { template: { metadata: {}, spec: { containers, nodeSelector: ON_TENANT_POOLS } } },
  },
});
const service = (spec: Record<string, unknown>) => ({
  group: "",
  resource: "services",
  object: { kind: "Service", metadata: { name: "s" }, spec },
});
const route = (hostnames?: string[]) => ({
  group: "gateway.networking.k8s.io",
  resource: "httproutes",
  object: { kind: "HTTPRoute", metadata: { name: "r" }, spec: hostnames ? { hostnames } : {} },
});
const claim = (spec: Record<string, unknown>) => ({
  group: "",
  resource: "persistentvolumeclaims",
  object: { kind: "PersistentVolumeClaim", metadata: { name: "c" }, spec },
});
const binding = (subjects: unknown[]) => ({
  group: "rbac.authorization.k8s.io",
  resource: "rolebindings",
  object: {
    kind: "RoleBinding",
    metadata: { name: "b" },
    subjects,
    roleRef: { kind: "ClusterRole", name: "edit" },
  },
});
const policy = (labels: Record<string, string>) => ({
  kind: "NetworkPolicy",
  metadata: { name: "default-deny", labels },
  spec: { podSelector: {} },
});
const egress = (rules: unknown[]) => ({
  group: "networking.k8s.io",
  resource: "networkpolicies",
  object: {
    kind: "NetworkPolicy",
    metadata: { name: "mine" },
    spec: { podSelector: {}, egress: rules },
  },
});
const policyRequest = {
  group: "networking.k8s.io",
  resource: "networkpolicies",
};

type Case = [string, Partial<AdmissionRequest>, string | undefined];

const CASES: Record<string, Case[]> = {
  services: [
    ["a ClusterIP Service", service({ type: "ClusterIP" }), undefined],
    ["a Service of no stated type", service({}), undefined],
    ["a NodePort", service({ type: "NodePort" }), "no NodePort"],
    ["a LoadBalancer", service({ type: "LoadBalancer" }), "no NodePort"],
    ["an ExternalName", service({ type: "ExternalName", externalName: "b.svc" }), "ExternalName"],
    ["externalIPs", service({ externalIPs: ["20.1.2.3"] }), "externalIPs"],
  ],
  "route-hostnames": [
    ["a route for its own host", route(["contoso.example.com"]), undefined],
    ["a route for another tenant's host", route(["fabrikam.example.com"]), "own hosts"],
    ["a wildcard", route(["*.example.com"]), "own hosts"],
    ["no hostname", route(), "without hostnames"],
  ],
  "no-host-claims": [
    [
      "an Ingress",
      { group: "networking.k8s.io", resource: "ingresses", object: { kind: "Ingress", spec: {} } },
      "Only the platform claims hostnames",
    ],
    [
      "a Gateway",
      {
        group: "gateway.networking.k8s.io",
        resource: "gateways",
        object: { kind: "Gateway", spec: {} },
      },
      "Only the platform claims hostnames",
    ],
    [
      "a ListenerSet",
      {
        group: "gateway.networking.k8s.io",
        resource: "listenersets",
        object: { kind: "ListenerSet", spec: {} },
      },
      "Only the platform claims hostnames",
    ],
  ],
  "platform-objects": [
    [
      "the tenant's admins changing a platform policy",
      {
        ...policyRequest,
        operation: "UPDATE",
        object: policy(PLATFORM),
        oldObject: policy(PLATFORM),
      },
      "platform's",
    ],
    [
      "the tenant's admins deleting it",
      { ...policyRequest, operation: "DELETE", oldObject: policy(PLATFORM) },
      "platform's",
    ],
    [
      "relabelling it first, to delete it after",
      { ...policyRequest, operation: "UPDATE", object: policy({}), oldObject: policy(PLATFORM) },
      "platform's",
    ],
    [
      "an impersonated service account of the namespace deleting it",
      {
        ...policyRequest,
        operation: "DELETE",
        oldObject: policy(PLATFORM),
        userInfo: { username: "system:serviceaccount:contoso:builder", groups: [] },
      },
      "platform's",
    ],
    [
      "the tenant labelling its own object as the platform's",
      { ...policyRequest, object: policy(PLATFORM) },
      "platform's",
    ],
    [
      "the tenant changing its own policy",
      { ...policyRequest, operation: "UPDATE", object: policy({}), oldObject: policy({}) },
      undefined,
    ],
    [
      "the deployer changing a platform policy",
      {
        ...policyRequest,
        operation: "UPDATE",
        object: policy(PLATFORM),
        oldObject: policy(PLATFORM),
        userInfo: DEPLOYER,
      },
      undefined,
    ],
    [
      "the tenant's admins scaling a workload through its scale subresource",
      {
        ...scale,
        object: { kind: "Scale", metadata: { name: "database" }, spec: { replicas: 0 } },
      },
      "scale subresource",
    ],
    [
      "the deployer scaling it",
      {
        ...scale,
        object: { kind: "Scale", metadata: { name: "database" }, spec: { replicas: 1 } },
        userInfo: DEPLOYER,
      },
      undefined,
    ],
  ],
  pods: [
    ["a pod like the platform's", pod(), undefined],
    ["a pod pinned to a node", pod({ nodeName: "aks-system-1" }), "no nodeName"],
    [
      "a pod with a system priority class",
      pod({ priorityClassName: "system-node-critical" }),
      "no priority class",
    ],
    [
      "a pod placed beside its own pods",
      pod({
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { a: "b" } } },
            ],
          },
        },
      }),
      undefined,
    ],
    [
      "a pod fencing other namespaces' pods off its nodes",
      pod({
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: { topologyKey: "kubernetes.io/hostname", namespaceSelector: {} },
              },
            ],
          },
        },
      }),
      "tenant's own pods only",
    ],
    [
      "a pod with an inline CSI volume",
      pod({ volumes: [{ name: "s", csi: { driver: "file.csi.azure.com" } }] }),
      "No inline CSI volumes",
    ],
    [
      "a pod that selects no tenant pool",
      pod({ nodeSelector: undefined }),
      "never the system pool",
    ],
    [
      "a pod that selects only Linux nodes, the system pool's",
      pod({ nodeSelector: { "kubernetes.io/os": "linux" } }),
      "never the system pool",
    ],
    [
      "a pod on its own tier's Windows pool",
      pod({
        nodeSelector: {
          "kubernetes.io/os": "windows",
          "tenancy.dev/tier": "small",
          ...ON_TENANT_POOLS,
        },
        tolerations: [
          { key: "os", operator: "Equal", value: "windows", effect: "NoSchedule" },
          { key: "tenancy.dev/tier", operator: "Equal", value: "small", effect: "NoSchedule" },
        ],
      }),
      undefined,
    ],
    [
      "a pod tolerating another tier's pool",
      pod({
        tolerations: [
          { key: "tenancy.dev/tier", operator: "Equal", value: "large", effect: "NoSchedule" },
        ],
      }),
      "tenant's own pools",
    ],
    [
      "a pod tolerating every taint",
      pod({ tolerations: [{ operator: "Exists" }] }),
      "tenant's own pools",
    ],
    [
      "a pod selecting another pool",
      pod({ nodeSelector: { "tenancy.dev/pool": "system" } }),
      "tenant's own pools",
    ],
    [
      "a pod with node affinity",
      pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } }),
      "tenant's own pools",
    ],
    [
      "an image pulled only when absent from the node",
      pod({}, [container({ imagePullPolicy: "IfNotPresent" })]),
      "imagePullPolicy Always",
    ],
    [
      "an image from another registry",
      pod({}, [container({ image: "docker.io/evil/miner:1.0" })]),
      "registries",
    ],
    [
      "an image tagged latest",
      pod({}, [container({ image: "docker.io/advantys/workflowgen:latest" })]),
      "pinned",
    ],
    [
      "an image without a tag",
      pod({}, [container({ image: "docker.io/advantys/workflowgen" })]),
      "pinned",
    ],
    [
      "a Windows pod as SYSTEM",
      pod({ securityContext: { windowsOptions: { runAsUserName: "NT AUTHORITY\\SYSTEM" } } }),
      "ContainerUser",
    ],
    [
      "a Windows container as another account",
      pod({}, [
        container({
          securityContext: { windowsOptions: { runAsUserName: "ContainerAdministrator" } },
        }),
      ]),
      "ContainerUser",
    ],
    [
      "a container without limits",
      pod({}, [container({ resources: { requests: { cpu: "1" } } })]),
      "requests and limits",
    ],
    [
      "a Deployment whose template breaks a rule",
      deployment([container({ image: "ghcr.io/x/y:1" })]),
      "registries",
    ],
  ],
  volumes: [
    ["a claim of the allowed class", claim({ storageClassName: "tenancy-data" }), undefined],
    ["a claim of another class", claim({ storageClassName: "premium" }), "class"],
    ["a claim of the default class where none is listed", claim({}), "class"],
    [
      "a claim naming a retained volume",
      claim({ storageClassName: "tenancy-data", volumeName: "pvc-of-a-removed-tenant" }),
      "name a volume",
    ],
  ],
  "role-bindings": [
    [
      "a binding to its own group",
      binding([{ kind: "Group", name: "contoso-viewers" }]),
      undefined,
    ],
    [
      "a binding to its own service account",
      binding([{ kind: "ServiceAccount", name: "ci", namespace: "contoso" }]),
      undefined,
    ],
    [
      "a binding to another group",
      binding([{ kind: "Group", name: "system:authenticated" }]),
      "tenant's groups",
    ],
    [
      "a binding to another namespace's account",
      binding([{ kind: "ServiceAccount", name: "x", namespace: "fabrikam" }]),
      "tenant's groups",
    ],
    ["a binding to a user", binding([{ kind: "User", name: "mallory" }]), "tenant's groups"],
  ],
  egress: [
    [
      "egress to the internet leaving out the node's addresses",
      egress([
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16", "168.63.129.16/32"] } }],
        },
      ]),
      undefined,
    ],
    [
      "egress to a partner's range",
      egress([{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }] }]),
      undefined,
    ],
    ["egress to its own pods", egress([{ to: [{ podSelector: {} }] }]), undefined],
    [
      "egress to the internet, metadata service included",
      egress([{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }]),
      "leave out 169.254.169.254",
    ],
    [
      "egress to the wire server alone",
      egress([{ to: [{ ipBlock: { cidr: "168.63.129.16/32" } }] }]),
      "leave out 169.254.169.254",
    ],
    ["egress to everything", egress([{}]), "name their destinations"],
  ],
  "disruption-budgets": [
    ["a budget that lets one pod go", pdb({ maxUnavailable: 1 }), undefined],
    ["a budget that lets no pod go", pdb({ maxUnavailable: 0 }), "at least one pod go"],
    ["a budget of 0%", pdb({ maxUnavailable: "0%" }), "at least one pod go"],
    ["a budget by minAvailable", pdb({ minAvailable: "100%" }), "at least one pod go"],
  ],
  secrets: [
    ["an Opaque Secret", { group: "", resource: "secrets", object: { type: "Opaque" } }, undefined],
    [
      "a long-lived token",
      { group: "", resource: "secrets", object: { type: "kubernetes.io/service-account-token" } },
      "service account tokens",
    ],
  ],
};

describe("admission rules, through a CEL evaluator", () => {
  it("has cases for every rule, refusing and admitting", () => {
    for (const { name } of ADMISSION_RULES) {
      const cases = CASES[name] ?? [];
      assert.ok(
        cases.some(([, , e]) => e !== undefined),
        `${name}: a request it refuses`,
      );
      assert.ok(
        name === "no-host-claims" || cases.some(([, , e]) => e === undefined),
        `${name}: a request it admits`,
      );
    }
  });

  for (const [name, cases] of Object.entries(CASES)) {
    for (const [title, request, expected] of cases) {
      it(`${name}: ${expected === undefined ? "admits" : "refuses"} ${title}`, () => {
        assert.ok(rule(name));
        const messages = refused(request);
        if (expected === undefined) assert.deepEqual(messages, []);
        else
          assert.ok(
            messages.some((m) => m.startsWith(`${name}: `) && m.includes(expected)),
            messages.join("\n") || "admitted",
          );
      });
    }
  }
});
