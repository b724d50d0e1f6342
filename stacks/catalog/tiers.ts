import type { Component } from "./application";

/**
 * Tenant tiers: the documented quota and container defaults each tier gets unless the catalog
 * overrides them. The one place these figures live (docs/tenants.md "Tiers" repeats them for readers).
 */

export { TIERS, type Tier } from "../fields/tier";
import type { Tier } from "../fields/tier";

/** ResourceQuota keys a tenant may override in the catalog (`quota:`). */
export const QUOTA_KEYS = [
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
  "requests.storage",
  "persistentvolumeclaims",
  "pods",
  "services",
] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];
export type Quota = Readonly<Record<QuotaKey, string>>;

/** A container's figure of each resource the quota counts. */
export interface ResourceFigures {
  readonly cpu: string;
  readonly memory: string;
  /** The writable layer, logs and emptyDir volumes. */
  readonly "ephemeral-storage": string;
}
export type ResourceKind = keyof ResourceFigures;
export const RESOURCE_KINDS: readonly ResourceKind[] = ["cpu", "memory", "ephemeral-storage"];

/** Container defaults written to the tenant's LimitRange. */
export interface ContainerDefaults {
  readonly defaultRequest: ResourceFigures;
  readonly default: ResourceFigures;
}

export const TIER_QUOTAS: Readonly<Record<Tier, Quota>> = {
  small: {
    "requests.cpu": "4",
    "requests.memory": "8Gi",
    "limits.cpu": "8",
    "limits.memory": "16Gi",
    "requests.ephemeral-storage": "20Gi",
    "limits.ephemeral-storage": "40Gi",
    "requests.storage": "50Gi",
    persistentvolumeclaims: "4",
    pods: "20",
    services: "10",
  },
  medium: {
    "requests.cpu": "8",
    "requests.memory": "16Gi",
    "limits.cpu": "16",
    "limits.memory": "32Gi",
    "requests.ephemeral-storage": "40Gi",
    "limits.ephemeral-storage": "80Gi",
    "requests.storage": "200Gi",
    persistentvolumeclaims: "8",
    pods: "40",
    services: "20",
  },
  large: {
    "requests.cpu": "16",
    "requests.memory": "64Gi",
    "limits.cpu": "32",
    "limits.memory": "128Gi",
    "requests.ephemeral-storage": "80Gi",
    "limits.ephemeral-storage": "160Gi",
    "requests.storage": "1Ti",
    persistentvolumeclaims: "16",
    pods: "80",
    services: "40",
  },
};

/**
 * Caps on the count of every namespaced kind a tenant's admins may create (`count/<resource>`),
 * so no tenant fills etcd or the controllers' queues for everyone. The small tier's figures,
 * doubled for medium and quadrupled for large; the platform's own objects and what controllers
 * make for them (ReplicaSets kept for rollbacks, the namespace's default ServiceAccount and CA
 * ConfigMap) fit well within. DaemonSets, Ingresses and ReplicationControllers stay at 0: a
 * DaemonSet's pods would get tolerations the tenant's placement does not allow, only the platform
 * claims hostnames, and ReplicationControllers are superseded by Deployments. Events count too:
 * tenants may write them, and controllers' events about a tenant's pods fit well within.
 * `count/pods` counts finished pods too (`pods` counts running ones): a Job of a million
 * completions stops at it. Dynamic resource claims stay at 0: tenants' pods claim no devices.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#object-count-quota
 */
const SMALL_OBJECT_COUNTS: Readonly<Record<string, number>> = {
  "count/pods": 60,
  "count/configmaps": 20,
  "count/events": 500,
  "count/replicationcontrollers": 0,
  "count/secrets": 20,
  "count/serviceaccounts": 10,
  "count/deployments.apps": 10,
  "count/statefulsets.apps": 4,
  "count/replicasets.apps": 60,
  "count/daemonsets.apps": 0,
  "count/jobs.batch": 20,
  "count/cronjobs.batch": 5,
  "count/poddisruptionbudgets.policy": 10,
  "count/horizontalpodautoscalers.autoscaling": 10,
  "count/networkpolicies.networking.k8s.io": 20,
  "count/ingresses.networking.k8s.io": 0,
  "count/roles.rbac.authorization.k8s.io": 10,
  "count/rolebindings.rbac.authorization.k8s.io": 10,
  "count/httproutes.gateway.networking.k8s.io": 10,
  "count/grpcroutes.gateway.networking.k8s.io": 10,
  "count/leases.coordination.k8s.io": 10,
  "count/resourceclaims.resource.k8s.io": 0,
  "count/resourceclaimtemplates.resource.k8s.io": 0,
};

const scaled = (factor: number): Readonly<Record<string, string>> =>
  Object.fromEntries(
    Object.entries(SMALL_OBJECT_COUNTS).map(([key, n]) => [key, String(n * factor)]),
  );

export const TIER_OBJECT_COUNTS: Readonly<Record<Tier, Readonly<Record<string, string>>>> = {
  small: scaled(1),
  medium: scaled(2),
  large: scaled(4),
};

/**
 * Windows containers need far more memory than Linux ones; the defaults leave room for both.
 * Ephemeral storage is capped so no pod fills its node's disk for the other tenants there; a
 * Windows container's writable layer is also bounded by its sandbox size (20 GB by default).
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
 */
export const TIER_CONTAINER_DEFAULTS: Readonly<Record<Tier, ContainerDefaults>> = {
  small: {
    defaultRequest: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "512Mi" },
    default: { cpu: "1", memory: "1Gi", "ephemeral-storage": "2Gi" },
  },
  medium: {
    defaultRequest: { cpu: "250m", memory: "512Mi", "ephemeral-storage": "512Mi" },
    default: { cpu: "2", memory: "2Gi", "ephemeral-storage": "4Gi" },
  },
  large: {
    defaultRequest: { cpu: "500m", memory: "1Gi", "ephemeral-storage": "1Gi" },
    default: { cpu: "4", memory: "4Gi", "ephemeral-storage": "8Gi" },
  },
};

/** Size of the database volume per tier; counted against `requests.storage`. */
export const TIER_DATABASE_STORAGE: Readonly<Record<Tier, string>> = {
  small: "20Gi",
  medium: "50Gi",
  large: "200Gi",
};

/**
 * Size of the tenant's shared files (WorkflowGen's `C:\wfgen\data`) per tier; counted against
 * `requests.storage` with the database volume.
 */
export const TIER_FILE_STORAGE: Readonly<Record<Tier, string>> = {
  small: "10Gi",
  medium: "20Gi",
  large: "100Gi",
};

/**
 * How often each tier's data (database and files) is backed up, and how long a backup is kept.
 * Each tenant's backups start at a minute of its own within the hour (components/tenant/backups.ts),
 * so the tenants of a tier do not queue behind each other: Velero runs one backup at a time.
 */
export interface BackupPolicy {
  /** The cron hour field, in UTC. */
  readonly hours: string;
  /** How long each backup is kept, as Velero reads it (hours). */
  readonly ttl: string;
}
export const TIER_BACKUPS: Readonly<Record<Tier, BackupPolicy>> = {
  small: { hours: "1", ttl: "168h" },
  medium: { hours: "*/12", ttl: "336h" },
  large: { hours: "*/4", ttl: "720h" },
};

/** Requests and limits of one container. */
export interface ContainerResources {
  readonly requests: ResourceFigures;
  readonly limits: ResourceFigures;
}

type Figures = [cpu: string, memory: string, ephemeralStorage: string];
const figures = ([cpu, memory, ephemeral]: Figures): ResourceFigures => ({
  cpu,
  memory,
  "ephemeral-storage": ephemeral,
});
const resources = (request: Figures, limit: Figures): ContainerResources => ({
  requests: figures(request),
  limits: figures(limit),
});

/**
 * Requests and limits of the application's containers per tier. Each tier's application fits
 * its quota with the default replicas plus one surge pod during a rollout (validation checks the
 * tenant's actual figures). SQL Server needs at least 2 GB of memory. Ephemeral storage holds
 * the logs and temporary files of each container; the application's data lives on volumes.
 * @see https://learn.microsoft.com/en-us/sql/linux/sql-server-linux-setup#system
 */
export const TIER_APP_RESOURCES: Readonly<
  Record<Tier, Readonly<Record<Component, ContainerResources>>>
> = {
  small: {
    web: resources(["500m", "1Gi", "1Gi"], ["1", "2Gi", "4Gi"]),
    services: resources(["250m", "1Gi", "1Gi"], ["1", "2Gi", "4Gi"]),
    database: resources(["500m", "2Gi", "1Gi"], ["1", "3Gi", "4Gi"]),
  },
  medium: {
    web: resources(["1", "2Gi", "2Gi"], ["2", "4Gi", "8Gi"]),
    services: resources(["500m", "2Gi", "1Gi"], ["2", "4Gi", "4Gi"]),
    database: resources(["1", "4Gi", "1Gi"], ["2", "8Gi", "4Gi"]),
  },
  large: {
    web: resources(["2", "4Gi", "2Gi"], ["4", "8Gi", "8Gi"]),
    services: resources(["1", "4Gi", "2Gi"], ["2", "8Gi", "8Gi"]),
    database: resources(["2", "8Gi", "2Gi"], ["4", "16Gi", "8Gi"]),
  },
};
