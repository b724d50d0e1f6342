import type { KubernetesObject } from "../../verify";

/** Small Kubernetes objects for the analysis tests, written as a manifest would be. */

export function namespace(name: string, labels: Record<string, string> = {}): KubernetesObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** A tenant namespace declaring `flows` (omit to leave the annotation out). */
export function tenantNamespace(
  name: string,
  flows?: readonly { from: string; to: string; port: string }[],
): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: { "tenancy.dev/tenant": name },
      annotations: {
        "tenancy.dev/allowed-registries": "registry.example.com",
        ...(flows !== undefined ? { "tenancy.dev/allowed-flows": JSON.stringify(flows) } : {}),
      },
    },
  };
}

export interface PodOptions {
  readonly kind?: string;
  readonly ports?: readonly { name?: string; containerPort: number; protocol?: string }[];
}

/** A workload of `kind` (default Deployment) whose pods carry `labels`. */
export function workload(
  ns: string,
  name: string,
  labels: Record<string, string>,
  { kind = "Deployment", ports = [{ name: "http", containerPort: 80 }] }: PodOptions = {},
): KubernetesObject {
  const podSpec = { containers: [{ name: "main", image: "registry.example.com/app:1.0", ports }] };
  const template = { metadata: { labels }, spec: podSpec };
  const spec =
    kind === "Pod"
      ? podSpec
      : kind === "CronJob"
        ? { schedule: "@daily", jobTemplate: { spec: { template } } }
        : { selector: { matchLabels: labels }, template };
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace: ns, ...(kind === "Pod" ? { labels } : {}) },
    spec,
  };
}

let policyCount = 0;

/** A NetworkPolicy in `ns` with `spec` as written. */
export function networkPolicy(ns: string, spec: Record<string, unknown>): KubernetesObject {
  policyCount += 1;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: `policy-${String(policyCount)}`, namespace: ns },
    spec,
  };
}

export const denyAll = (ns: string, ...types: ("Ingress" | "Egress")[]): KubernetesObject =>
  networkPolicy(ns, { podSelector: {}, policyTypes: types });
