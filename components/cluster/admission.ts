import { ALLOWED, MANAGED_BY, TENANT_LABEL } from "../labels";
import { CHARTS } from "./addon-values";

/**
 * The guardrails held at admission, so that what tenants create themselves meets them too. Pod
 * Security Admission (`restricted`, on every tenant namespace) and each tenant's ResourceQuota
 * already hold most of them; Kyverno ClusterPolicies hold the rest. `IN_CLUSTER` says which holds
 * each guardrail of `verify/guardrails`, and a test keeps the two lists in step.
 * @see https://kyverno.io/docs/policy-types/cluster-policy/validate/
 */

export type Enforcer = "pod-security-admission" | "rbac" | "kyverno";

/** Guardrail id → what refuses a tenant's object breaking it. */
export const IN_CLUSTER: Readonly<Record<string, Enforcer>> = {
  "no-privileged-containers": "pod-security-admission",
  "no-host-namespaces": "pod-security-admission",
  "no-host-path": "pod-security-admission",
  "no-host-ports": "pod-security-admission",
  "no-added-capabilities": "pod-security-admission",
  "no-privilege-escalation": "pod-security-admission",
  "run-as-non-root": "pod-security-admission",
  "seccomp-runtime-default": "pod-security-admission",
  // Tenants' admin role cannot create cluster-wide bindings; the namespace objects are the
  // platform's, kept by the platform-objects policy below.
  "no-cluster-role-binding-to-tenants": "rbac",
  "quota-and-limit-range": "kyverno",
  "default-deny": "kyverno",
  "requests-and-limits": "kyverno",
  "cluster-ip-services-only": "kyverno",
  "allowed-registries": "kyverno",
  "pinned-images": "kyverno",
};

export interface ClusterPolicyManifest {
  readonly apiVersion: "kyverno.io/v1";
  readonly kind: "ClusterPolicy";
  readonly metadata: {
    readonly name: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
  };
  readonly spec: Record<string, unknown>;
}

/** Requests for `kinds` in tenant namespaces, narrowed by `more` (selector, operations). */
const inTenantNamespaces = (kinds: readonly string[], more: Record<string, unknown> = {}) => ({
  any: [
    {
      resources: {
        kinds: [...kinds],
        namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: "Exists" }] },
        ...more,
      },
    },
  ],
});

const MANAGED_BY_SELECTOR = encodeURIComponent(
  Object.entries(MANAGED_BY)
    .map(([key, value]) => `${key}=${value}`)
    .join(","),
);

const EVERY_CONTAINER = "request.object.spec.[ephemeralContainers, initContainers, containers][]";

function clusterPolicy(
  name: string,
  guardrails: readonly string[],
  rule: Record<string, unknown>,
  background = true,
): ClusterPolicyManifest {
  return {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: {
      name: `tenancy-${name}`,
      labels: { ...MANAGED_BY },
      annotations: { "tenancy.dev/guardrails": guardrails.join(",") },
    },
    // `background: false` where a rule reads who asks: a background scan has no request.
    spec: { background, rules: [{ name, ...rule }] },
  };
}

/**
 * Kyverno writes the same rule for Deployments, StatefulSets, Jobs… from a Pod rule (autogen),
 * so a tenant's bad Deployment is refused as it is created, not when its pods fail to start.
 */
export function kyvernoPolicies(): ClusterPolicyManifest[] {
  return [
    clusterPolicy("allowed-registries", ["allowed-registries"], {
      match: inTenantNamespaces(["Pod"]),
      // cert-manager starts its HTTP-01 solver pods in tenants' namespaces from its own registry.
      exclude: {
        any: [
          {
            // The controller's service account is named after its release, which is the chart's.
            subjects: [
              {
                kind: "ServiceAccount",
                name: CHARTS.certManager.chart,
                namespace: CHARTS.certManager.namespace,
              },
            ],
          },
        ],
      },
      context: [
        {
          name: "registries",
          apiCall: {
            urlPath: "/api/v1/namespaces/{{request.namespace}}",
            jmesPath: `metadata.annotations."${ALLOWED.registries}" || ''`,
          },
        },
      ],
      validate: {
        failureAction: "Enforce",
        message: `Images must come from the registries in the namespace's ${ALLOWED.registries} annotation ({{ registries }}).`,
        foreach: [
          {
            list: EVERY_CONTAINER,
            deny: {
              conditions: {
                all: [
                  {
                    key: "{{ length(split(registries, ',')[?starts_with('{{ element.image }}', join('', [@, '/']))]) }}",
                    operator: "Equals",
                    value: 0,
                  },
                ],
              },
            },
          },
        ],
      },
    }),
    clusterPolicy("pinned-images", ["pinned-images"], {
      match: inTenantNamespaces(["Pod"]),
      validate: {
        failureAction: "Enforce",
        message: "Images must be pinned to a version tag or a digest, never latest.",
        foreach: [{ list: EVERY_CONTAINER, pattern: { image: "*:* & !*:latest" } }],
      },
    }),
    clusterPolicy("requests-and-limits", ["requests-and-limits"], {
      match: inTenantNamespaces(["Pod"]),
      validate: {
        failureAction: "Enforce",
        message: "Every container sets CPU and memory requests and limits.",
        foreach: [
          {
            list: "request.object.spec.[initContainers, containers][]",
            pattern: {
              resources: {
                requests: { cpu: "?*", memory: "?*" },
                limits: { cpu: "?*", memory: "?*" },
              },
            },
          },
        ],
      },
    }),
    clusterPolicy("cluster-ip-services-only", ["cluster-ip-services-only"], {
      match: inTenantNamespaces(["Service"]),
      validate: {
        failureAction: "Enforce",
        message:
          "Tenants' Services are ClusterIP without externalIPs: no NodePort, LoadBalancer or ExternalName, and no traffic taken from another address (CVE-2020-8554).",
        pattern: { spec: { "=(type)": "ClusterIP", "X(externalIPs)": "null" } },
      },
    }),
    // The platform's objects in a tenant namespace (quota, limits, network policies, bindings)
    // stay as the program wrote them: the tenant's own groups may not change or delete them.
    clusterPolicy(
      "platform-objects",
      ["quota-and-limit-range", "default-deny"],
      {
        match: inTenantNamespaces(
          ["ResourceQuota", "LimitRange", "NetworkPolicy", "RoleBinding", "Role", "HTTPRoute"],
          {
            selector: { matchLabels: { ...MANAGED_BY } },
            operations: ["UPDATE", "DELETE"],
          },
        ),
        context: [
          {
            name: "tenantGroups",
            apiCall: {
              urlPath: `/apis/rbac.authorization.k8s.io/v1/namespaces/{{request.namespace}}/rolebindings?labelSelector=${MANAGED_BY_SELECTOR}`,
              jmesPath: "items[].subjects[?kind=='Group'].name[]",
            },
          },
        ],
        validate: {
          failureAction: "Enforce",
          message:
            "This object is the platform's: change it in the tenant catalog, not in the cluster.",
          deny: {
            conditions: {
              any: [
                {
                  key: "{{ request.userInfo.groups }}",
                  operator: "AnyIn",
                  value: "{{ tenantGroups }}",
                },
              ],
            },
          },
        },
      },
      false,
    ),
  ];
}
