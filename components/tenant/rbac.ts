import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { tenantLabels } from "../labels";
import { OBJECT_NAMES } from "./application";

/**
 * The tenant's groups, bound in its namespace only, to Kubernetes' built-in roles: `admin` lets
 * a tenant manage its workloads, its own RoleBindings and NetworkPolicies, but not its
 * ResourceQuota, LimitRange or namespace; `view` reads all but Secrets. Never a
 * ClusterRoleBinding: a tenant group holds no right outside its namespace.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 */

export function roleBindingManifests(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): { key: "admins" | "viewers"; manifest: k8s.rbac.v1.RoleBindingArgs }[] {
  const binding = (name: string, role: string, group: string): k8s.rbac.v1.RoleBindingArgs => ({
    metadata: { name, namespace, labels: tenantLabels(tenant.name) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  });
  return [
    { key: "admins", manifest: binding(OBJECT_NAMES.admins, "admin", tenant.admins) },
    ...(tenant.viewers !== undefined
      ? [
          {
            key: "viewers" as const,
            manifest: binding(OBJECT_NAMES.viewers, "view", tenant.viewers),
          },
        ]
      : []),
  ];
}
