import type { ApplicationSpec, Component } from "./application";
import { parseQuantity } from "../fields/quantity";
import {
  RESOURCE_KINDS,
  TIER_APP_RESOURCES,
  type ContainerResources,
  type Quota,
  type ResourceKind,
  type Tier,
} from "./tiers";

/**
 * What a tenant's application asks of its quota at its peak, a web rollout: the web replicas
 * plus one surge pod, the services pod and the database. (cert-manager answers challenges in the
 * edge's namespace, not the tenant's.) A quota below it would leave pods refused.
 */

export type FootprintKey = `${"requests" | "limits"}.${ResourceKind}`;
const KEYS: readonly FootprintKey[] = (["requests", "limits"] as const).flatMap((side) =>
  RESOURCE_KINDS.map((kind): FootprintKey => `${side}.${kind}`),
);

/** Pods of each component during a web rollout (maxSurge 1; services and database recreate). */
export function peakPods(app: ApplicationSpec): Readonly<Record<Component, number>> {
  return { web: app.webReplicas + 1, services: 1, database: 1 };
}

export interface Shortfall {
  readonly key: FootprintKey | "pods";
  /** What the quota allows. */
  readonly quota: string;
  /** What the application needs, formatted as a quantity. */
  readonly needed: string;
}

/** Quota keys too small for the application of a tenant of `tier`; empty when it fits. */
export function quotaShortfalls(app: ApplicationSpec, tier: Tier, quota: Quota): Shortfall[] {
  const pods = peakPods(app);
  const resources: Readonly<Record<Component, ContainerResources>> = TIER_APP_RESOURCES[tier];
  const shortfalls: Shortfall[] = [];
  for (const key of KEYS) {
    const [side, kind] = key.split(".") as ["requests" | "limits", ResourceKind];
    const needed = (Object.keys(pods) as Component[]).reduce(
      (sum, component) =>
        sum + pods[component] * (parseQuantity(resources[component][side][kind]) ?? 0),
      0,
    );
    if (needed > (parseQuantity(quota[key]) ?? 0)) {
      shortfalls.push({ key, quota: quota[key], needed: formatQuantity(needed, kind) });
    }
  }
  const podCount = pods.web + pods.services + pods.database;
  if (podCount > (parseQuantity(quota.pods) ?? 0)) {
    shortfalls.push({ key: "pods", quota: quota.pods, needed: String(podCount) });
  }
  return shortfalls;
}

/** Cores as `1.5`/`500m`, bytes as `Gi` or `Mi`, rounded up. */
export function formatQuantity(value: number, kind: ResourceKind): string {
  if (kind === "cpu") {
    const millis = Math.ceil(Math.round(value * 1e6) / 1e3);
    return millis % 1000 === 0 ? String(millis / 1000) : `${String(millis)}m`;
  }
  const gi = value / 2 ** 30;
  return Number.isInteger(gi) ? `${String(gi)}Gi` : `${String(Math.ceil(value / 2 ** 20))}Mi`;
}

/**
 * Objects of each counted kind the tenant's application itself has: its Services (web,
 * database) and its claims (the database, the shared files). A quota below them stops its own
 * deployment.
 */
export const APPLICATION_OBJECTS = { services: 2, persistentvolumeclaims: 2 } as const;
