import { z } from "zod";
import type { Problem } from "../fields/problems";
import { TIERS } from "../fields/tier";

/** Node pool fields both clouds share: autoscaling bounds, labels, a tier to dedicate it to. */

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Label prefixes the nodes' own agents set, which a pool may not: the kubelet refuses labels
 * under kubernetes.io and k8s.io but for node.kubernetes.io/ and kubelet.kubernetes.io/, and the
 * clouds keep their own prefixes.
 * @see https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--node-labels; read 2026-12-02)
 * @see https://learn.microsoft.com/en-us/azure/aks/use-labels#reserved-system-labels (read 2026-12-02)
 */
const RESERVED_LABEL_DOMAINS = [
  "kubernetes.io",
  "k8s.io",
  "kubernetes.azure.com",
  "cloud.google.com",
];
const ALLOWED_LABEL_PREFIXES = ["node.kubernetes.io/", "kubelet.kubernetes.io/"];

function reservedPrefix(key: string): string | undefined {
  const slash = key.indexOf("/");
  if (slash < 0 || ALLOWED_LABEL_PREFIXES.some((p) => key.startsWith(p))) return undefined;
  const domain = key.slice(0, slash);
  return RESERVED_LABEL_DOMAINS.find((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Node labels, checked as Kubernetes checks label keys and values. */
export const nodeLabels = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key) || key.startsWith("tenancy.dev/")) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `"${key}" is not a label key you can set: use [prefix/]name with letters, digits, '-', '_', '.'; the tenancy.dev/ prefix is the program's own`,
      });
    }
    const reserved = reservedPrefix(key);
    if (reserved !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `"${key}" is under ${reserved}, which the nodes' own agents set: choose a prefix of your own, e.g. example.com/role`,
      });
    }
    if (!LABEL_VALUE.test(value)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `"${value}" is not a label value: at most 63 letters, digits, '-', '_', '.'`,
      });
    }
  }
});

export const poolFields = {
  /** Autoscaler lower bound (per pool on AKS, per zone on GKE). */
  minCount: z.number().int().min(0).max(1000),
  /** Autoscaler upper bound. */
  maxCount: z.number().int().min(1).max(1000),
  /** Extra node labels; @default {}. */
  labels: nodeLabels.default({}),
};

/** Said when a cluster has no Linux pool for tenants, with an example pool of the cloud's. */
export const TENANT_LINUX_POOL_NEEDED = (machine: string): string =>
  `required: tenants' Linux pods (their databases) run on Linux pools of their own, never on the system pool beside the add-ons: add one, e.g. { name: linux, ${machine}, minCount: 1, maxCount: 3 }`;

/** Reserves a workload pool for tenants of one tier: labelled and tainted so only they land on it. */
export const dedicatedTier = z.enum(TIERS).optional();

/** A pool with the key path it was configured at (`windowsPools[0]`) and the cloud's name rule. */
export interface PoolAt {
  readonly at: string;
  readonly pool: { readonly name: string; readonly minCount: number; readonly maxCount: number };
  readonly namePattern: RegExp;
  /** The name rule in words, e.g. "must be 1–6 lowercase letters and digits". */
  readonly nameRule: string;
}

/**
 * Rules every pool list shares: names follow the cloud's rule and are unique, and the
 * autoscaler's lower bound does not exceed its upper bound. Paths are relative to `tenancy:cluster`.
 */
export function poolProblems(pools: readonly PoolAt[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const { at, pool, namePattern, nameRule } of pools) {
    if (!namePattern.test(pool.name)) {
      problems.push({ path: `tenancy:cluster.${at}.name`, reason: `"${pool.name}" ${nameRule}` });
    }
    if (seen.has(pool.name)) {
      problems.push({
        path: `tenancy:cluster.${at}.name`,
        reason: `"${pool.name}" is already a pool name: pool names must be unique`,
      });
    }
    seen.add(pool.name);
    if (pool.minCount > pool.maxCount) {
      problems.push({
        path: `tenancy:cluster.${at}.minCount`,
        reason: `minCount ${pool.minCount} is above maxCount ${pool.maxCount}: lower minCount or raise maxCount`,
      });
    }
  }
  return problems;
}
