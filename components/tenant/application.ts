import { TENANT_BACKEND } from "../cluster/gateway";
import { COMPONENTS, type Component } from "../../stacks/catalog/application";
import { tenantLabels } from "../labels";

export { COMPONENTS, type Component };

/**
 * The shape of a tenant's application that its isolation is built around: which components it
 * has and the ports they serve (shared/ARCHITECTURE.md, "Contracts").
 */

export const COMPONENT_LABEL = "app.kubernetes.io/component";
export const INSTANCE_LABEL = "app.kubernetes.io/instance";

/** Port of the web containers, behind the Gateway (which terminates TLS). */
export const WEB_PORT = TENANT_BACKEND.port;
/** SQL Server's port. */
export const DATABASE_PORT = 1433;

/** Components that talk to the database; the only ones with internet egress too. */
export const DATABASE_CLIENTS: readonly Component[] = ["web", "services"];

/** Labels of tenant `tenant`'s pods (and objects) of `component`. */
export function componentLabels(tenant: string, component: Component): Record<string, string> {
  return { ...tenantLabels(tenant), [COMPONENT_LABEL]: component, [INSTANCE_LABEL]: tenant };
}

/** The objects inside a tenant namespace, by name; the same in every tenant. */
export const OBJECT_NAMES = {
  quota: "tenant-quota",
  limits: "tenant-limits",
  admins: "tenant-admins",
  viewers: "tenant-viewers",
  defaultDeny: "default-deny",
  dns: "allow-dns",
  webIngress: "web-from-gateway",
  databaseIngress: "database-from-app",
  databaseEgress: "app-to-database",
  internetEgress: "app-to-internet",
  databaseVolume: "database-data",
  /** The tenant's shared files: WorkflowGen's `C:\wfgen\data`. */
  files: "app-data",
  databaseCredentials: "database-credentials",
  applicationKeys: "application-keys",
  licence: "licence",
  appSettings: "app-settings",
  /** The web Deployment, its Service, PodDisruptionBudget and HTTPRoute. */
  web: "web",
  services: "services",
  /** The database StatefulSet and its Service. */
  database: "database",
  /** The Role and RoleBinding of self-service routes. */
  routeEditors: "route-editors",
} as const;
