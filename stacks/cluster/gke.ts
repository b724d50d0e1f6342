import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../fields/cidr";
import { clusterRangeReason } from "./ranges";
import {
  apiServerProblems,
  apiServerSchema,
  effectiveRanges,
  type RangeRules,
  type StackContext,
} from "./api-server";
import { cidr } from "../fields/fields";
import { TENANT_LINUX_POOL_NEEDED, dedicatedTier, poolFields, poolProblems } from "./pools";
import type { Problem } from "../fields/problems";
import { CHANNEL_OWNS_VERSION, versionFloorProblems } from "./kubernetes-versions";

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
  /**
   * The oldest Kubernetes version the control plane may run, "1.35" or "1.35.1-gke.1396000"
   * (`minMasterVersion`). The release channel upgrades past it; raising it upgrades the control
   * plane now. No default, so a new cluster never starts on whatever GKE defaults to that day.
   * @see https://cloud.google.com/kubernetes-engine/versioning
   */
  kubernetesVersion: z.string().regex(/^\d+\.\d+(\.\d+-gke\.\d+)?$/, {
    message: "write a GKE version such as 1.35 or 1.35.1-gke.1396000",
  }),
  /**
   * The channel that owns upgrades of the control plane and the nodes. @default "REGULAR"
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels
   */
  releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE", "EXTENDED"]).default("REGULAR"),
  /**
   * The system pool: GKE's own components and the platform's add-ons, never tenants' pods; Linux,
   * created before the other pools.
   */
  systemPool: poolSchema.optional(),
  /** Tenants' Linux pods; at least one. */
  linuxPools: z.array(poolSchema).default([]),
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
  /**
   * Google group whose nested groups may be bound by RBAC. Google Groups for RBAC reads only a
   * group named gke-security-groups, so any other name leaves every tenant's binding empty.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac (read 2026-12-02)
   */
  securityGroup: z
    .email()
    .refine((email) => email.toLowerCase().startsWith("gke-security-groups@"), {
      message:
        "must be gke-security-groups@<your domain>: Google Groups for RBAC reads no other group",
    })
    .optional(),
  /** @default true */
  deletionProtection: z.boolean().default(true),
  /**
   * GKE documents no NetworkPolicy enforcement on Windows nodes, so the Windows pods of two
   * tenants of this stack could reach each other. Refused with two tenants or more unless this
   * says the risk is accepted; the render's report then names it first, and `npm run verify`
   * names the open flows. @default false
   */
  acceptUnpolicedWindowsPods: z.boolean().default(false),
});

export type GkeClusterSettings = z.output<typeof gkeClusterSchema>;

/** @see https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks (at most 50) */
export const GKE_RANGES: RangeRules = { cloud: "GKE", maxRanges: 50, privateHasRanges: true };

/** The control plane's authorized networks: explicit ones, else the stack allowlist. */
export function gkeAuthorizedRanges(
  settings: GkeClusterSettings,
  allowlist: readonly string[],
): readonly string[] {
  return effectiveRanges(settings.apiServer, allowlist, GKE_RANGES);
}

const POOL_NAME_RULE = "must be 1–40 lowercase letters, digits and '-', starting with a letter";

/** Rules across fields of a GKE cluster; paths are relative to `tenancy:cluster`. */
export function gkeProblems(settings: GkeClusterSettings, stack: StackContext): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, reason: string): void =>
    void problems.push({ path: `tenancy:cluster.${path}`, reason });
  if (settings.systemPool === undefined) {
    add(
      "systemPool",
      "required: add systemPool (Linux, for GKE's own components and the add-ons) with a name, machineType, minCount and maxCount",
    );
  }
  if (settings.linuxPools.length === 0)
    add("linuxPools", TENANT_LINUX_POOL_NEEDED("machineType: e2-standard-4"));
  const pools = [
    ...(settings.systemPool ? [{ at: "systemPool", pool: settings.systemPool }] : []),
    ...settings.linuxPools.map((pool, i) => ({ at: `linuxPools[${i}]`, pool })),
    ...settings.windowsPools.map((pool, i) => ({ at: `windowsPools[${i}]`, pool })),
  ];
  problems.push(
    ...poolProblems(pools.map((p) => ({ ...p, namePattern: POOL_NAME, nameRule: POOL_NAME_RULE }))),
  );

  const ranges = Object.entries(settings.network).map(([key, text]) => ({
    key,
    parsed: parseCidr(text),
    text,
  }));
  for (const { key, text } of ranges) {
    const reason = clusterRangeReason(text);
    if (reason !== undefined) add(`network.${key}`, reason);
  }
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
  if (stack.allowlist !== undefined) {
    problems.push(...apiServerProblems(settings.apiServer, stack.allowlist, GKE_RANGES));
  }
  problems.push(
    ...versionFloorProblems(
      settings.kubernetesVersion,
      "gke",
      "tenancy:cluster.kubernetesVersion",
      CHANNEL_OWNS_VERSION,
    ),
  );
  return problems;
}
