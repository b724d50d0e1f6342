import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { tenantLabels } from "../labels";

/**
 * The namespace-level objects of a tenant, as plain Kubernetes manifests. Pure: the Tenant
 * component turns them into resources, and tests read them directly.
 * `namespace` is an Input so that objects in it depend on the Namespace resource.
 */

type Namespaced = pulumi.Input<string>;

/** Names of the objects inside a tenant namespace; the same in every tenant. */
export const OBJECT_NAMES = {
  quota: "tenant-quota",
  limits: "tenant-limits",
  defaultDeny: "default-deny",
} as const;

export function namespaceManifest(tenant: TenantSpec): k8s.core.v1.NamespaceArgs {
  return { metadata: { name: tenant.namespace, labels: tenantLabels(tenant.name) } };
}

/**
 * Quota from the tenant's tier and overrides. LoadBalancer and NodePort Services are always 0:
 * a tenant is reachable only through the shared HTTPS ingress.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export function quotaManifest(
  tenant: TenantSpec,
  namespace: Namespaced,
): k8s.core.v1.ResourceQuotaArgs {
  return {
    metadata: { name: OBJECT_NAMES.quota, namespace, labels: tenantLabels(tenant.name) },
    spec: { hard: { ...tenant.quota, "services.loadbalancers": "0", "services.nodeports": "0" } },
  };
}

/**
 * Container defaults, so a pod without requests or limits still counts against the quota
 * instead of being refused by it.
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export function limitRangeManifest(
  tenant: TenantSpec,
  namespace: Namespaced,
): k8s.core.v1.LimitRangeArgs {
  const { defaultRequest, default: limit } = tenant.containerDefaults;
  return {
    metadata: { name: OBJECT_NAMES.limits, namespace, labels: tenantLabels(tenant.name) },
    spec: {
      limits: [{ type: "Container", defaultRequest: { ...defaultRequest }, default: { ...limit } }],
    },
  };
}

/**
 * Denies all ingress and egress to every pod of the namespace; each allowed flow is a policy of
 * its own on top.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic
 */
export function defaultDenyManifest(
  tenant: TenantSpec,
  namespace: Namespaced,
): k8s.networking.v1.NetworkPolicyArgs {
  return {
    metadata: { name: OBJECT_NAMES.defaultDeny, namespace, labels: tenantLabels(tenant.name) },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}
