import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { TIER_APP_RESOURCES } from "../../stacks/catalog/tiers";
import type { Placement } from "../cluster/placement";
import { DATABASE_PORT, OBJECT_NAMES, componentLabels } from "./application";
import { APPLICATION_LOGIN, APPLICATION_LOGIN_PASSWORD_KEY, DATABASE_PASSWORD_KEY } from "./data";
import { containerResources, containerSecurity, podBase, selectorLabels } from "./pods";

/**
 * SQL Server on Linux, one pod, on the volume the tenant's data step claimed (by name, so the
 * StatefulSet never owns or deletes it). Reachable on 1433 through its ClusterIP Service.
 * @see https://learn.microsoft.com/en-us/sql/linux/sql-server-linux-configure-environment-variables
 */

/** Where SQL Server keeps its data, logs and secrets in the container. */
export const DATABASE_DATA_PATH = "/var/opt/mssql";

const PROBE = { tcpSocket: { port: "sql" } };

export function databaseStatefulSetManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  placement: Placement,
): k8s.apps.v1.StatefulSetArgs {
  const labels = componentLabels(tenant.name, "database");
  return {
    metadata: { name: OBJECT_NAMES.database, namespace, labels },
    spec: {
      serviceName: OBJECT_NAMES.database,
      replicas: 1,
      selector: { matchLabels: selectorLabels(tenant.name, "database") },
      template: {
        metadata: { labels },
        spec: {
          ...podBase("database", "linux", placement),
          // SQL Server flushes its buffers on SIGTERM; give it time on a busy database.
          terminationGracePeriodSeconds: 60,
          containers: [
            {
              name: "database",
              image: tenant.application.images.database,
              imagePullPolicy: "Always",
              env: [
                { name: "ACCEPT_EULA", value: "Y" },
                { name: "MSSQL_PID", value: tenant.application.databaseEdition },
                {
                  name: "MSSQL_SA_PASSWORD",
                  valueFrom: {
                    secretKeyRef: {
                      name: OBJECT_NAMES.databaseCredentials,
                      key: DATABASE_PASSWORD_KEY,
                    },
                  },
                },
                // The application's own login, which the image creates with the database.
                { name: "WFGEN_DATABASE_USER_USERNAME", value: APPLICATION_LOGIN },
                {
                  name: "WFGEN_DATABASE_USER_PASSWORD",
                  valueFrom: {
                    secretKeyRef: {
                      name: OBJECT_NAMES.databaseCredentials,
                      key: APPLICATION_LOGIN_PASSWORD_KEY,
                    },
                  },
                },
              ],
              ports: [{ name: "sql", containerPort: DATABASE_PORT, protocol: "TCP" }],
              volumeMounts: [{ name: "data", mountPath: DATABASE_DATA_PATH }],
              resources: containerResources(TIER_APP_RESOURCES[tenant.tier].database),
              securityContext: containerSecurity("linux"),
              startupProbe: { ...PROBE, periodSeconds: 10, failureThreshold: 30 },
              readinessProbe: { ...PROBE, periodSeconds: 10 },
              livenessProbe: { ...PROBE, periodSeconds: 20 },
            },
          ],
          volumes: [
            { name: "data", persistentVolumeClaim: { claimName: OBJECT_NAMES.databaseVolume } },
          ],
        },
      },
    },
  };
}

export function databaseServiceManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): k8s.core.v1.ServiceArgs {
  return {
    metadata: {
      name: OBJECT_NAMES.database,
      namespace,
      labels: componentLabels(tenant.name, "database"),
    },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(tenant.name, "database"),
      ports: [{ name: "sql", port: DATABASE_PORT, targetPort: "sql", protocol: "TCP" }],
    },
  };
}
