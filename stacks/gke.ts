import { z } from "zod";
import { cidrsOverlap, parseCidr } from "./cidr";
import { apiServerSchema, cidr } from "./fields";
import { dedicatedTier, minMaxProblem, poolFields } from "./pools";
import type { Problem } from "./problems";
import type { StackContext } from "./aks";

/** `tenancy:cluster` for `platform: gke`: a Standard (not Autopilot) cluster, which Windows needs. */

/** @see https://cloud.google.com/kubernetes-engine/docs/how-to/node-pools (names: 1–40, lowercase, digits, '-') */
const POOL_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
/** @see https://cloud.google.com/resource-manager/docs/creating-managing-projects (project ids) */
const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

const poolSchema = z.strictObject({
  /** Pool name, 1–40 lowercase letters, digits and '-'. */
  name: z.string(),
  /** Compute Engine machine type, e.g. e2-standard-4 (Linux), n2-standard-8 (Windows). */
  machineType: z.string().min(1),
  ...poolFields,
});

const windowsPoolSchema = poolSchema.extend({ dedicatedTier });

export const gkeClusterSchema = z.strictObject({
  /** Google Cloud project id. */
  project: z.string().regex(PROJECT_ID, {
    message: "must be a Google Cloud project id: 6–30 lowercase letters, digits, '-'",
  }),
  /** @default "REGULAR" @see https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels */
  releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE", "EXTENDED"]).default("REGULAR"),
  /** The Linux pool for system and Linux workloads; must exist before Windows pools. */
  linuxPool: poolSchema.optional(),
  windowsPools: z.array(windowsPoolSchema).default([]),
  network: z
    .strictObject({
      /** Primary range of the subnet the nodes get; @default "10.10.0.0/20" */
      nodeCidr: cidr.default("10.10.0.0/20"),
      /** Secondary range for pods; @default "10.20.0.0/14" */
      podCidr: cidr.default("10.20.0.0/14"),
      /** Secondary range for Services; @default "10.30.0.0/20" */
      serviceCidr: cidr.default("10.30.0.0/20"),
      /** Control plane range of a private cluster, a /28; @default "172.16.0.0/28" */
      masterCidr: cidr.default("172.16.0.0/28"),
    })
    .prefault({}),
  apiServer: apiServerSchema,
  /** Google group whose nested groups may be bound by RBAC (gke-security-groups@<domain>). */
  securityGroup: z.email().optional(),
  /** @default true */
  deletionProtection: z.boolean().default(true),
});

export type GkeClusterSettings = z.output<typeof gkeClusterSchema>;

/** @see https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks (at most 50 ranges) */
const MAX_AUTHORIZED_NETWORKS = 50;

export function gkeAuthorizedRanges(
  settings: GkeClusterSettings,
  stack: StackContext,
): readonly string[] {
  return settings.apiServer.authorizedRanges ?? stack.allowlist;
}

/** Rules across fields of a GKE cluster; paths are relative to `tenancy:cluster`. */
export function gkeProblems(settings: GkeClusterSettings, stack: StackContext): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, reason: string): void =>
    void problems.push({ path: `tenancy:cluster.${path}`, reason });
  const pools = [
    ...(settings.linuxPool ? [{ at: "linuxPool", pool: settings.linuxPool }] : []),
    ...settings.windowsPools.map((pool, i) => ({ at: `windowsPools[${i}]`, pool })),
  ];
  if (settings.linuxPool === undefined) {
    add(
      "linuxPool",
      settings.windowsPools.length > 0
        ? "a GKE Windows pool needs a Linux pool in the same cluster (system pods run on Linux): add linuxPool"
        : "required: add linuxPool with a name, machineType, minCount and maxCount",
    );
  }
  const names = new Set<string>();
  for (const { at, pool } of pools) {
    if (!POOL_NAME.test(pool.name))
      add(
        `${at}.name`,
        `"${pool.name}" must be 1–40 lowercase letters, digits and '-', starting with a letter`,
      );
    if (names.has(pool.name))
      add(`${at}.name`, `"${pool.name}" is already a pool name: pool names must be unique`);
    names.add(pool.name);
    const minMax = minMaxProblem(pool);
    if (minMax) add(`${at}.minCount`, minMax);
  }
  const ranges = Object.entries(settings.network).map(([key, text]) => ({
    key,
    parsed: parseCidr(text),
    text,
  }));
  ranges.forEach((a, i) => {
    for (const b of ranges.slice(i + 1)) {
      if (a.parsed.ok && b.parsed.ok && cidrsOverlap(a.parsed.cidr, b.parsed.cidr)) {
        add(
          `network.${b.key}`,
          `${b.text} overlaps ${a.key} ${a.text}: choose ranges that do not overlap`,
        );
      }
    }
  });
  const master = parseCidr(settings.network.masterCidr);
  if (master.ok && master.cidr.prefix !== 28)
    add("network.masterCidr", `${settings.network.masterCidr} must be a /28`);
  const authorized = gkeAuthorizedRanges(settings, stack);
  if (authorized.length > MAX_AUTHORIZED_NETWORKS) {
    add(
      "apiServer.authorizedRanges",
      `${authorized.length} ranges: GKE allows at most ${MAX_AUTHORIZED_NETWORKS} authorized networks`,
    );
  }
  if (
    !settings.apiServer.private &&
    authorized.length === 0 &&
    !settings.apiServer.publicApiServer
  ) {
    add(
      "apiServer",
      "the control plane would be open to the whole internet: set tenancy:allowlist (or apiServer.authorizedRanges), or private: true, or publicApiServer: true to accept it",
    );
  }
  return problems;
}
