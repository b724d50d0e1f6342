import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { TIER_APP_RESOURCES } from "../../stacks/catalog/tiers";
import type { Placement } from "../cluster/placement";
import type { FileAccessMode } from "../../stacks/cluster/files";
import {
  COMPONENT_LABEL,
  INSTANCE_LABEL,
  OBJECT_NAMES,
  WEB_PORT,
  componentLabels,
  type Component,
} from "./application";
import { APPLICATION_KEYS, LICENCE_FILE } from "./config";
import { CONNECTION_STRING_KEY } from "./data";
import { containerResources, podBase, selectorLabels } from "./pods";

/**
 * The WorkflowGen Windows workloads: `web` (IIS web applications behind the ingress) and
 * `services` (engine and directory sync, no inbound traffic). Both read their secrets as files.
 * @see https://docs.advantys.com/workflowgen-for-docker/workflowgen-image/configuration
 */

type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type PodSpec = k8s.types.input.core.v1.PodSpec;

/** Where WorkflowGen looks for its licence. */
export const LICENCE_FOLDER = "C:\\wfgen\\licenses";
/** Where the pods find their secret files. */
export const SECRETS_FOLDER = "C:\\secrets";
/**
 * WorkflowGen's data (App_Data, the workflow applications in wfapps): the tenant's shared files.
 * @see https://docs.advantys.com/workflowgen-for-docker/workflowgen-image/file-management
 */
export const DATA_FOLDER = "C:\\wfgen\\data";

/** `WFGEN_START_SERVICE` per workload: what the container runs. */
const START_SERVICE: Readonly<Record<Exclude<Component, "database">, string>> = {
  web: "web_apps",
  services: "win_services",
};

const secretFile = (key: string): string => `${SECRETS_FOLDER}\\${key}`;

/**
 * The licence Secret is optional in the volume: a tenant whose licence is not in the stack
 * config starts without one, and its admins may create the Secret themselves.
 */
function volumes(): Volume[] {
  return [
    { name: "files", persistentVolumeClaim: { claimName: OBJECT_NAMES.files } },
    {
      name: "licence",
      secret: {
        secretName: OBJECT_NAMES.licence,
        optional: true,
        items: [{ key: LICENCE_FILE, path: LICENCE_FILE }],
      },
    },
    {
      name: "secrets",
      projected: {
        sources: [
          {
            secret: {
              name: OBJECT_NAMES.databaseCredentials,
              items: [{ key: CONNECTION_STRING_KEY, path: CONNECTION_STRING_KEY }],
            },
          },
          { secret: { name: OBJECT_NAMES.applicationKeys } },
        ],
      },
    },
  ];
}

function workflowGenContainer(
  tenant: TenantSpec,
  component: Exclude<Component, "database">,
): Container {
  const env = [
    { name: "WFGEN_START_SERVICE", value: START_SERVICE[component] },
    // The database may start after the application: keep checking for five minutes, not ten seconds.
    { name: "WFGEN_DEPENDENCY_CHECK_INTERVAL", value: "5000" },
    { name: "WFGEN_DEPENDENCY_CHECK_RETRIES", value: "60" },
    {
      name: "WFGEN_DATABASE_CONNECTION_STRING_FILE",
      value: secretFile(CONNECTION_STRING_KEY),
    },
    {
      name: "WFGEN_APP_SETTING_ApplicationSecurityPasswordSymmetricEncryptionKey_FILE",
      value: secretFile(APPLICATION_KEYS.encryption),
    },
    {
      name: "WFGEN_MACHINE_KEY_VALIDATION_KEY_FILE",
      value: secretFile(APPLICATION_KEYS.machineValidation),
    },
    {
      name: "WFGEN_MACHINE_KEY_DECRYPTION_KEY_FILE",
      value: secretFile(APPLICATION_KEYS.machineDecryption),
    },
  ];
  return {
    name: component,
    image: tenant.application.images[component],
    // Pulled every time, so the registry judges each pod's right to the image (a cached private
    // image would otherwise run for any pod on the node).
    imagePullPolicy: "Always",
    env,
    envFrom: [{ configMapRef: { name: OBJECT_NAMES.appSettings } }],
    volumeMounts: [
      { name: "files", mountPath: DATA_FOLDER },
      { name: "licence", mountPath: LICENCE_FOLDER, readOnly: true },
      { name: "secrets", mountPath: SECRETS_FOLDER, readOnly: true },
    ],
    resources: containerResources(TIER_APP_RESOURCES[tenant.tier][component]),
  };
}

function metadata(
  tenant: TenantSpec,
  name: string,
  namespace: pulumi.Input<string>,
  component: Component,
) {
  return { name, namespace, labels: componentLabels(tenant.name, component) };
}

/**
 * Windows containers take minutes to start (image, IIS, the entrypoint's configuration and
 * database check): the startup probe allows ten. The probes open port 80 rather than request a
 * page, since WorkflowGen answers 401 to anonymous requests.
 */
const WEB_PROBE = { tcpSocket: { port: "http" } };

/**
 * Where the files are on a disk one node mounts (ReadWriteOnce), the web and services pods run
 * on the same node; the first of them may start anywhere (a pod matches its own affinity).
 */
function sharingFiles(tenant: TenantSpec, files: FileAccessMode): Pick<PodSpec, "affinity"> {
  if (files === "ReadWriteMany") return {};
  return {
    affinity: {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            topologyKey: "kubernetes.io/hostname",
            labelSelector: {
              matchLabels: { [INSTANCE_LABEL]: tenant.name },
              matchExpressions: [
                { key: COMPONENT_LABEL, operator: "In", values: ["web", "services"] },
              ],
            },
          },
        ],
      },
    },
  };
}

export function webDeploymentManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  placement: Placement,
  files: FileAccessMode,
): k8s.apps.v1.DeploymentArgs {
  const container: Container = {
    ...workflowGenContainer(tenant, "web"),
    ports: [{ name: "http", containerPort: WEB_PORT, protocol: "TCP" }],
    startupProbe: { ...WEB_PROBE, periodSeconds: 10, failureThreshold: 60 },
    readinessProbe: { ...WEB_PROBE, periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { ...WEB_PROBE, periodSeconds: 20, failureThreshold: 3 },
  };
  return {
    metadata: metadata(tenant, OBJECT_NAMES.web, namespace, "web"),
    spec: {
      replicas: tenant.application.webReplicas,
      selector: { matchLabels: selectorLabels(tenant.name, "web") },
      // One extra pod during a rollout, never one fewer: validation sizes the quota for it. On a
      // disk one node mounts, the extra pod could wait for room on that node: recreate instead.
      strategy:
        files === "ReadWriteMany"
          ? { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
          : { type: "Recreate" },
      template: {
        metadata: { labels: componentLabels(tenant.name, "web") },
        spec: {
          ...podBase("web", "windows", placement),
          ...sharingFiles(tenant, files),
          containers: [container],
          volumes: volumes(),
        },
      },
    },
  };
}

/** One pod: two engines would process the same workflows twice, so a rollout recreates it. */
export function servicesDeploymentManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  placement: Placement,
  files: FileAccessMode,
): k8s.apps.v1.DeploymentArgs {
  return {
    metadata: metadata(tenant, OBJECT_NAMES.services, namespace, "services"),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(tenant.name, "services") },
      strategy: { type: "Recreate" },
      template: {
        metadata: { labels: componentLabels(tenant.name, "services") },
        spec: {
          ...podBase("services", "windows", placement),
          ...sharingFiles(tenant, files),
          containers: [workflowGenContainer(tenant, "services")],
          volumes: volumes(),
        },
      },
    },
  };
}

export function webServiceManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): k8s.core.v1.ServiceArgs {
  return {
    metadata: metadata(tenant, OBJECT_NAMES.web, namespace, "web"),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(tenant.name, "web"),
      ports: [{ name: "http", port: WEB_PORT, targetPort: "http", protocol: "TCP" }],
    },
  };
}

/** Node drains take one web pod at a time, whatever the replica count. */
export function webDisruptionBudgetManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): k8s.policy.v1.PodDisruptionBudgetArgs {
  return {
    metadata: metadata(tenant, OBJECT_NAMES.web, namespace, "web"),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(tenant.name, "web") } },
  };
}
