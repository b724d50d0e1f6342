import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { MANAGED_BY, NAMESPACE_NAME_LABEL, TENANT_LABEL } from "../labels";
import { CLUSTER_DNS, HTTP01_SOLVER } from "./system-pods";
import {
  EDGE_CONTROLLER,
  EDGE_NAMESPACE,
  EDGE_PROXY,
  EDGE_SYSTEM_NAMESPACE,
  CERT_MANAGER_CONTROLLER,
  ENVOY_GATEWAY_CONTROLLER,
  GATEWAY_NAME,
  HTTP_LISTENER,
  HTTP_PORT,
  HTTPS_PORT,
  proxyPort,
  TENANT_BACKEND,
  XDS_PORT,
} from "./gateway";
import { OS_LABEL } from "./placement";

/**
 * The platform's edge as pure manifests: Envoy Gateway's proxy settings, the GatewayClass, the
 * one Gateway (plain HTTP only, to redirect and to answer ACME challenges; tenants' HTTPS
 * listeners come in their ListenerSets), and the network policies of the edge's namespaces.
 */

/** A custom resource as the Kubernetes provider's CustomResource takes it. */
export interface CustomManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: pulumi.Input<string>;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec: Record<string, unknown>;
}

const GATEWAY_API = "gateway.networking.k8s.io";
const ENVOY_GATEWAY_API = "gateway.envoyproxy.io";

/**
 * The proxies: two replicas on Linux nodes (Windows backends need nothing special, proxies reach
 * pod addresses), at most one down at a time, behind a LoadBalancer Service that keeps clients'
 * addresses (`Local`), which the tenants' allowlists judge. `service` gives it the static address.
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#envoyproxy
 */
export function envoyProxyManifest(service: Record<string, unknown>): CustomManifest {
  return {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: "EnvoyProxy",
    metadata: { name: GATEWAY_NAME, namespace: EDGE_SYSTEM_NAMESPACE, labels: { ...MANAGED_BY } },
    spec: {
      provider: {
        type: "Kubernetes",
        kubernetes: {
          envoyDeployment: { replicas: 2, pod: { nodeSelector: { [OS_LABEL]: "linux" } } },
          envoyPDB: { minAvailable: 1 },
          envoyService: { ...service, type: "LoadBalancer", externalTrafficPolicy: "Local" },
        },
      },
    },
  };
}

export function gatewayClassManifest(): CustomManifest {
  return {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: "GatewayClass",
    metadata: { name: GATEWAY_NAME, labels: { ...MANAGED_BY } },
    spec: {
      controllerName: ENVOY_GATEWAY_CONTROLLER,
      parametersRef: {
        group: ENVOY_GATEWAY_API,
        kind: "EnvoyProxy",
        name: GATEWAY_NAME,
        namespace: EDGE_SYSTEM_NAMESPACE,
      },
    },
  };
}

/**
 * The Gateway: one plain-HTTP listener for routes of its own namespace only (the redirect and
 * cert-manager's challenge routes), and ListenerSets from its own namespace only, which only the
 * platform writes. A Gateway holds at most 64 listeners; ListenerSets carry the rest.
 * @see https://gateway-api.sigs.k8s.io/geps/gep-1713/
 */
export function gatewayManifest(): CustomManifest {
  return {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: "Gateway",
    metadata: { name: GATEWAY_NAME, namespace: EDGE_NAMESPACE, labels: { ...MANAGED_BY } },
    spec: {
      gatewayClassName: GATEWAY_NAME,
      allowedListeners: { namespaces: { from: "Same" } },
      listeners: [
        {
          name: HTTP_LISTENER,
          port: HTTP_PORT,
          protocol: "HTTP",
          allowedRoutes: { namespaces: { from: "Same" }, kinds: [{ kind: "HTTPRoute" }] },
        },
      ],
    },
  };
}

/** Every plain-HTTP request is sent to HTTPS, except ACME challenges (their routes are longer). */
export function httpsRedirectManifest(): CustomManifest {
  return {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: "HTTPRoute",
    metadata: { name: "https-redirect", namespace: EDGE_NAMESPACE, labels: { ...MANAGED_BY } },
    spec: {
      parentRefs: [{ name: GATEWAY_NAME, sectionName: HTTP_LISTENER }],
      rules: [
        {
          filters: [
            { type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } },
          ],
        },
      ],
    },
  };
}

type Policy = k8s.networking.v1.NetworkPolicyArgs;

const policy = (namespace: string, name: string, spec: Policy["spec"]): Policy => ({
  metadata: { name, namespace, labels: { ...MANAGED_BY } },
  spec,
});
const inNamespace = (name: string) => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: name } });
const proxies = {
  namespaceSelector: inNamespace(EDGE_SYSTEM_NAMESPACE),
  podSelector: { matchLabels: { ...EDGE_PROXY.podLabels } },
};
const dnsEgress = {
  to: [
    {
      namespaceSelector: inNamespace(CLUSTER_DNS.namespace),
      podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } },
    },
  ],
  ports: CLUSTER_DNS.ports.map((p) => ({ protocol: p.protocol, port: p.port })),
};
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));

/**
 * Default deny in both edge namespaces, then only what the edge needs: clients outside the
 * cluster to the proxies' listeners; proxies to tenants' web pods, to the challenge solvers and to
 * the controller's xDS; the controller to the API server. Tenants' pods reach nothing here: the
 * clients' block leaves out the cluster's own ranges (`internalRanges`).
 */
export function edgeNetworkPolicies(internalRanges: readonly string[]): Record<string, Policy> {
  const system = (name: string, spec: Policy["spec"]) => policy(EDGE_SYSTEM_NAMESPACE, name, spec);
  const edge = (name: string, spec: Policy["spec"]) => policy(EDGE_NAMESPACE, name, spec);
  const outside = { ipBlock: { cidr: "0.0.0.0/0", except: [...internalRanges] } };
  return {
    "system-default-deny": system("default-deny", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    }),
    "proxy-from-clients": system("proxy-from-clients", {
      podSelector: { matchLabels: { ...EDGE_PROXY.podLabels } },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [outside], ports: tcp(proxyPort(HTTP_PORT), proxyPort(HTTPS_PORT)) },
        // cert-manager checks each HTTP-01 challenge itself before Let's Encrypt does.
        {
          from: [
            {
              namespaceSelector: inNamespace(CERT_MANAGER_CONTROLLER.namespace),
              podSelector: { matchLabels: { ...CERT_MANAGER_CONTROLLER.podLabels } },
            },
          ],
          ports: tcp(proxyPort(HTTP_PORT)),
        },
      ],
    }),
    "proxy-to-backends": system("proxy-to-backends", {
      podSelector: { matchLabels: { ...EDGE_PROXY.podLabels } },
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: "Exists" }] },
              podSelector: {
                matchLabels: { "app.kubernetes.io/component": TENANT_BACKEND.component },
              },
            },
          ],
          ports: tcp(TENANT_BACKEND.port),
        },
        {
          to: [
            {
              namespaceSelector: inNamespace(EDGE_NAMESPACE),
              podSelector: { matchLabels: { ...HTTP01_SOLVER.podLabels } },
            },
          ],
          ports: tcp(HTTP01_SOLVER.port),
        },
        {
          to: [{ podSelector: { matchLabels: { ...EDGE_CONTROLLER.podLabels } } }],
          ports: tcp(XDS_PORT),
        },
        dnsEgress,
      ],
    }),
    "controller-from-proxies": system("controller-from-proxies", {
      podSelector: { matchLabels: { ...EDGE_CONTROLLER.podLabels } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: proxies.podSelector }],
          ports: tcp(XDS_PORT),
        },
      ],
    }),
    // Everything but the proxies (the controller, the chart's certificate job) talks to the API
    // server, whose address the cluster does not state: TCP 443 and 6443 anywhere.
    "system-to-api-server": system("to-api-server", {
      podSelector: {
        matchExpressions: [
          { key: "app.kubernetes.io/component", operator: "NotIn", values: ["proxy"] },
        ],
      },
      policyTypes: ["Egress"],
      egress: [{ ports: tcp(443, 6443) }, dnsEgress],
    }),
    "edge-default-deny": edge("default-deny", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    }),
    "solver-from-proxies": edge("acme-challenge-from-proxies", {
      podSelector: { matchLabels: { ...HTTP01_SOLVER.podLabels } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [proxies], ports: tcp(HTTP01_SOLVER.port) }],
    }),
  };
}

/** The edge namespace: the platform's objects only, Pod Security restricted (challenge solvers). */
export function edgeNamespaceManifest(): k8s.core.v1.NamespaceArgs {
  return {
    metadata: {
      name: EDGE_NAMESPACE,
      labels: {
        ...MANAGED_BY,
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
    },
  };
}
