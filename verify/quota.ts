import { parseQuantity } from "../stacks/fields/quantity";

/**
 * ResourceQuota object counts for Services: which quota keys creating a Service of a given type
 * consumes, and whether a namespace's quota admits one more.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#object-count-quota
 */

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** A LoadBalancer Service also allocates node ports (unless told not to), so both counts apply. */
const COUNTED: Readonly<Record<ServiceType, readonly string[]>> = {
  ClusterIP: ["services"],
  ExternalName: ["services"],
  NodePort: ["services", "services.nodeports"],
  LoadBalancer: ["services", "services.loadbalancers", "services.nodeports"],
};

/** Whether a namespace with quota `hard` and `used` counts admits one more Service of `type`. */
export function quotaAdmitsService(
  hard: Readonly<Record<string, string>>,
  type: ServiceType,
  used: Readonly<Record<string, number>> = {},
): boolean {
  return COUNTED[type].every((key) => {
    const limit = hard[key];
    if (limit === undefined) return true;
    return (used[key] ?? 0) + 1 <= (parseQuantity(limit) ?? 0);
  });
}
