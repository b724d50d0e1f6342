import type * as k8s from "@pulumi/kubernetes";
import { MANAGED_BY } from "../labels";

/**
 * API Priority and Fairness for tenants: every tenant's groups and service accounts share one
 * priority level of their own, queued fairly by user, so one tenant's flood of API requests waits
 * in its own queues instead of crowding out the platform's controllers or other tenants.
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/
 */

export const TENANT_PRIORITY_LEVEL = "tenancy-tenants";

export function tenantPriorityLevelManifest(): k8s.flowcontrol.v1.PriorityLevelConfigurationArgs {
  return {
    metadata: { name: TENANT_PRIORITY_LEVEL, labels: { ...MANAGED_BY } },
    spec: {
      type: "Limited",
      limited: {
        // The built-in workload-low level has 100 shares: tenants together get a fifth of that.
        nominalConcurrencyShares: 20,
        lendablePercent: 0,
        limitResponse: {
          type: "Queue",
          queuing: { queues: 64, handSize: 6, queueLengthLimit: 50 },
        },
      },
    },
  };
}
