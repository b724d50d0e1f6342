import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { EDGE_PROXY } from "../cluster/gateway";
import { CLUSTER_DNS } from "../cluster/system-pods";
import { NAMESPACE_NAME_LABEL, tenantLabels } from "../labels";
import {
  COMPONENT_LABEL,
  DATABASE_CLIENTS,
  DATABASE_PORT,
  OBJECT_NAMES,
  WEB_PORT,
} from "./application";

/**
 * A tenant's network policies: deny everything, then allow the application's flows one policy
 * each. Every peer is either a pod of the tenant's own namespace (a podSelector alone), a named
 * system namespace (kube-dns, the Gateway's proxies) or an address outside the cluster, so no
 * rule admits another tenant. The set is the same for every tenant: six policies.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

type Policy = k8s.networking.v1.NetworkPolicyArgs;
export type PolicyKey =
  "defaultDeny" | "dns" | "webIngress" | "databaseIngress" | "databaseEgress" | "internetEgress";

const inNamespace = (name: string) => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: name } });
const databaseClients = {
  matchExpressions: [{ key: COMPONENT_LABEL, operator: "In", values: [...DATABASE_CLIENTS] }],
};
const databasePods = { matchLabels: { [COMPONENT_LABEL]: "database" } };

export { CLUSTER_DNS };

/** The Gateway's proxies: the only pods tenants' web pods accept traffic from. */
const fromProxies = {
  namespaceSelector: inNamespace(EDGE_PROXY.namespace),
  podSelector: { matchLabels: { ...EDGE_PROXY.podLabels } },
};

export function networkPolicyManifests(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): Record<PolicyKey, Policy> {
  const policy = (name: string, spec: Policy["spec"]): Policy => ({
    metadata: { name, namespace, labels: tenantLabels(tenant.name) },
    spec,
  });
  return {
    defaultDeny: policy(OBJECT_NAMES.defaultDeny, {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    }),
    dns: policy(OBJECT_NAMES.dns, {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: inNamespace(CLUSTER_DNS.namespace),
              podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    }),
    webIngress: policy(OBJECT_NAMES.webIngress, {
      podSelector: { matchLabels: { [COMPONENT_LABEL]: "web" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [fromProxies],
          ports: [{ protocol: "TCP", port: WEB_PORT }],
        },
      ],
    }),
    databaseIngress: policy(OBJECT_NAMES.databaseIngress, {
      podSelector: databasePods,
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: databaseClients }],
          ports: [{ protocol: "TCP", port: DATABASE_PORT }],
        },
      ],
    }),
    databaseEgress: policy(OBJECT_NAMES.databaseEgress, {
      podSelector: databaseClients,
      policyTypes: ["Egress"],
      egress: [
        { to: [{ podSelector: databasePods }], ports: [{ protocol: "TCP", port: DATABASE_PORT }] },
      ],
    }),
    // Present with no rule when the tenant lists no destination, so every tenant has the same set.
    internetEgress: policy(OBJECT_NAMES.internetEgress, {
      podSelector: databaseClients,
      policyTypes: ["Egress"],
      egress:
        tenant.egress.length === 0
          ? []
          : [
              {
                to: tenant.egress.map((block) => ({
                  ipBlock: {
                    cidr: block.cidr,
                    ...(block.except.length ? { except: [...block.except] } : {}),
                  },
                })),
              },
            ],
    }),
  };
}
