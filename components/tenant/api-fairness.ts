import type * as k8s from "@pulumi/kubernetes";
import type { TenantSpec } from "../../stacks/spec";
import { TENANT_PRIORITY_LEVEL } from "../cluster/api-fairness";
import { tenantLabels } from "../labels";

/**
 * Where the tenant's API requests queue: its groups and its namespace's service accounts, in
 * the tenants' priority level, ahead of the catch-all schemas (9000 and up) but after the
 * cluster's own (below 1000).
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
 */
export function flowSchemaManifest(tenant: TenantSpec): k8s.flowcontrol.v1.FlowSchemaArgs {
  const groups = [tenant.admins, ...(tenant.viewers !== undefined ? [tenant.viewers] : [])];
  return {
    metadata: { name: `tenancy-${tenant.namespace}`, labels: tenantLabels(tenant.name) },
    spec: {
      priorityLevelConfiguration: { name: TENANT_PRIORITY_LEVEL },
      matchingPrecedence: 7000,
      distinguisherMethod: { type: "ByUser" },
      rules: [
        {
          subjects: [
            ...groups.map((name) => ({ kind: "Group", group: { name } })),
            { kind: "ServiceAccount", serviceAccount: { namespace: tenant.namespace, name: "*" } },
          ],
          resourceRules: [
            {
              verbs: ["*"],
              apiGroups: ["*"],
              resources: ["*"],
              clusterScope: true,
              namespaces: ["*"],
            },
          ],
          nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
        },
      ],
    },
  };
}
