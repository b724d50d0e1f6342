import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { TIER_OBJECT_COUNTS } from "../../stacks/catalog/tiers";
import { tenantLabels } from "../labels";
import { OBJECT_NAMES } from "./application";

/**
 * Quota from the tenant's tier and overrides, and the tier's caps on object counts.
 * LoadBalancer and NodePort Services are always 0: a tenant is reachable only through the
 * platform's Gateway.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export function quotaManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): k8s.core.v1.ResourceQuotaArgs {
  return {
    metadata: { name: OBJECT_NAMES.quota, namespace, labels: tenantLabels(tenant.name) },
    spec: {
      hard: {
        ...TIER_OBJECT_COUNTS[tenant.tier],
        ...tenant.quota,
        "services.loadbalancers": "0",
        "services.nodeports": "0",
      },
    },
  };
}

/**
 * Container defaults, so a pod without requests or limits still counts against the quota
 * instead of being refused by it.
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export function limitRangeManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): k8s.core.v1.LimitRangeArgs {
  const { defaultRequest, default: limit } = tenant.containerDefaults;
  return {
    metadata: { name: OBJECT_NAMES.limits, namespace, labels: tenantLabels(tenant.name) },
    spec: {
      limits: [{ type: "Container", defaultRequest: { ...defaultRequest }, default: { ...limit } }],
    },
  };
}
