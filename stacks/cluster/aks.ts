import { z } from "zod";
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
import { cidrContains, cidrsOverlap, ipv4At, parseCidr } from "../fields/cidr";
import { AKS_MANAGED_VNET, clusterRangeReason } from "./ranges";
import {
  AKS_WINDOWS2022_LAST,
  CHANNEL_OWNS_VERSION,
  compareMinor,
  parseKubernetesVersion,
  versionFloorProblems,
} from "./kubernetes-versions";

/**
 * `tenancy:cluster` for `platform: aks`. Each refusal below is a rule AKS itself enforces at
 * deploy time, cited beside it, so the stack fails at validation instead.
 */

/** @see https://learn.microsoft.com/en-us/azure/aks/create-node-pools (Windows pool names: 1–6, Linux 1–12) */
const WINDOWS_POOL_NAME = /^[a-z][a-z0-9]{0,5}$/;
const LINUX_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** @see https://learn.microsoft.com/en-us/rest/api/compute/virtual-machines/create-or-update (adminUsername) */
const RESERVED_USERNAMES = new Set([
  "administrator",
  "admin",
  "user",
  "user1",
  "test",
  "user2",
  "test1",
  "user3",
  "admin1",
  "1",
  "123",
  "a",
  "actuser",
  "adm",
  "admin2",
  "aspnet",
  "backup",
  "console",
  "david",
  "guest",
  "john",
  "owner",
  "root",
  "server",
  "sql",
  "support",
  "support_388945a0",
  "sys",
  "test2",
  "test3",
  "user4",
  "user5",
]);

const zones = z.array(z.enum(["1", "2", "3"])).default([]);

const aksSystemPoolSchema = z.strictObject({
  /** Pool name, 1–12 lowercase letters and digits; @default "system". */
  name: z.string().default("system"),
  /** VM size: at least 4 vCPU and not B-series for a system pool. */
  vmSize: z.string().min(1),
  ...poolFields,
  /** Availability zones, fixed at creation; @default [] (regional). */
  zones,
  /** @default 30 */
  maxPods: z.number().int().min(10).max(250).default(30),
});

/**
 * A pool for tenants' pods: Linux ones (their databases) are tainted so only they land there.
 * Names: 1–12 lowercase letters and digits starting with a letter (Windows: 1–6).
 */
const aksUserPoolSchema = z.strictObject({
  name: z.string(),
  vmSize: z.string().min(1),
  ...poolFields,
  zones,
  /** @default 30 */
  maxPods: z.number().int().min(10).max(250).default(30),
});

const aksWindowsPoolSchema = aksUserPoolSchema.extend({
  /**
   * Windows Server of the nodes. Windows2022 is the one AKS documents Calico network policy on,
   * and it runs on Kubernetes 1.36 at most. @default "Windows2022"
   * @see https://learn.microsoft.com/en-us/azure/aks/upgrade-windows-os
   */
  osSku: z.enum(["Windows2019", "Windows2022", "Windows2025"]).default("Windows2022"),
  /** FIPS-enabled node image; required by Windows2025. @default false */
  enableFips: z.boolean().default(false),
  dedicatedTier,
  /** Windows pools serve workloads only. @default "User" */
  mode: z.enum(["User", "System"]).default("User"),
});

export const aksClusterSchema = z.strictObject({
  /**
   * Kubernetes version at creation, "1.35" (AKS picks the newest patch) or "1.35.2"; no default,
   * so upgrades are deliberate. With `upgradeChannel` stable or rapid the channel owns it after
   * creation and the program ignores later changes (docs/operations.md "Versions and upgrades").
   * @see https://learn.microsoft.com/en-us/azure/aks/supported-kubernetes-versions
   */
  kubernetesVersion: z
    .string()
    .regex(/^\d+\.\d+(\.\d+)?$/, { message: "write a Kubernetes version such as 1.35 or 1.35.2" }),
  /** Existing resource group to create the cluster in; @default one created for the stack. */
  resourceGroup: z.string().min(1).max(90).optional(),
  /** Control plane tier; @default "Standard" (financially backed SLA). Prod stacks refuse "Free". */
  skuTier: z.enum(["Free", "Standard", "Premium"]).default("Standard"),
  /** The cluster's own and the platform's add-ons; never tenants' pods. */
  systemPool: aksSystemPoolSchema,
  /** Tenants' Linux pods; at least one. */
  linuxPools: z.array(aksUserPoolSchema).default([]),
  windowsPools: z.array(aksWindowsPoolSchema).default([]),
  network: z
    .strictObject({
      /** @default "azure" (Azure CNI); Windows pools need it. */
      plugin: z.enum(["azure", "kubenet", "none"]).default("azure"),
      /** @default "overlay" */
      pluginMode: z.enum(["overlay", "podsubnet"]).default("overlay"),
      /** @default "calico", the engine that enforces NetworkPolicy on Windows nodes. */
      policy: z.enum(["calico", "azure", "cilium", "none"]).default("calico"),
      /** @default "10.244.0.0/16" */
      podCidr: cidr.default("10.244.0.0/16"),
      /** @default "10.0.0.0/16" */
      serviceCidr: cidr.default("10.0.0.0/16"),
      /** @default the 10th address of serviceCidr */
      dnsServiceIP: z.string().optional(),
    })
    .prefault({}),
  apiServer: apiServerSchema,
  /** Entra ID groups with cluster admin through Azure RBAC; local accounts are disabled. */
  adminGroupObjectIds: z
    .array(z.guid({ message: "must be an Entra ID group object id (a GUID)" }))
    .min(1),
  /** Windows nodes' administrator name, fixed after creation; @default "tenancyadmin". */
  windowsAdminUsername: z.string().default("tenancyadmin"),
  /**
   * Who moves the Kubernetes version: `patch` keeps the minor you set and applies its patches;
   * `stable`/`rapid` also move the minor, so the program stops owning the version; `node-image`
   * and `none` leave it to you. @default "patch"
   * @see https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster
   */
  upgradeChannel: z.enum(["none", "patch", "stable", "rapid", "node-image"]).default("patch"),
  /** @default "NodeImage" @see https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-node-os-image */
  nodeOsUpgradeChannel: z
    .enum(["None", "Unmanaged", "NodeImage", "SecurityPatch"])
    .default("NodeImage"),
});

export type AksClusterSettings = z.output<typeof aksClusterSchema>;

/** Whether the AKS upgrade channel moves the minor version: it then owns the cluster's version. */
export const channelMovesMinor = (channel: AksClusterSettings["upgradeChannel"]): boolean =>
  channel === "stable" || channel === "rapid";

/** vCPUs from an Azure VM size name (Standard_D4s_v5 → 4), when the name follows the pattern. */
export function vcpusOf(vmSize: string): number | undefined {
  const match = /^Standard_[A-Z]+(\d+)/i.exec(vmSize);
  return match ? Number(match[1]) : undefined;
}

/** AKS's convention for the cluster DNS address: the 10th address of the Service range. */
export function defaultDnsServiceIp(serviceCidr: string): string | undefined {
  const parsed = parseCidr(serviceCidr);
  return parsed.ok && parsed.cidr.version === 4 ? ipv4At(parsed.cidr, 10) : undefined;
}

/** @see https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges (at most 200) */
export const AKS_RANGES: RangeRules = { cloud: "AKS", maxRanges: 200, privateHasRanges: false };

/** The authorized ranges the API server gets: explicit ones, else the stack allowlist. */
export function authorizedRanges(
  settings: AksClusterSettings,
  allowlist: readonly string[],
): readonly string[] {
  return effectiveRanges(settings.apiServer, allowlist, AKS_RANGES);
}

const WINDOWS_NAME_RULE =
  "must be 1–6 lowercase letters and digits, starting with a letter (AKS limit for Windows pools)";

/** Rules across fields of an AKS cluster; paths are relative to `tenancy:cluster`. */
/**
 * Ranges AKS keeps for itself, which neither pods nor Services may use.
 * @see https://learn.microsoft.com/en-us/azure/aks/configure-kubenet#create-an-aks-cluster-in-the-virtual-network (service address range; read 2026-12-02)
 * @see https://learn.microsoft.com/en-us/azure/aks/azure-cni-overlay (pod CIDR; read 2026-12-02)
 */
const AKS_RESERVED = [
  "169.254.0.0/16",
  "172.30.0.0/16",
  "172.31.0.0/16",
  "192.0.2.0/24",
  // The nodes' own network, which AKS makes for the cluster.
  AKS_MANAGED_VNET,
].flatMap((text) => {
  const parsed = parseCidr(text);
  return parsed.ok ? [{ text, cidr: parsed.cidr }] : [];
});

export function aksProblems(settings: AksClusterSettings, stack: StackContext): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, reason: string): void =>
    void problems.push({ path: `tenancy:cluster.${path}`, reason });
  const { systemPool, linuxPools, windowsPools, network, apiServer } = settings;

  const linuxNameRule = "must be 1–12 lowercase letters and digits, starting with a letter";
  problems.push(
    ...poolProblems([
      { at: "systemPool", pool: systemPool, namePattern: LINUX_POOL_NAME, nameRule: linuxNameRule },
      ...linuxPools.map((pool, i) => ({
        at: `linuxPools[${i}]`,
        pool,
        namePattern: LINUX_POOL_NAME,
        nameRule: linuxNameRule,
      })),
      ...windowsPools.map((pool, i) => ({
        at: `windowsPools[${i}]`,
        pool,
        namePattern: WINDOWS_POOL_NAME,
        nameRule: WINDOWS_NAME_RULE,
      })),
    ]),
  );

  // System pool rules. @see https://learn.microsoft.com/en-us/azure/aks/use-system-pools
  if (/^Standard_B/i.test(systemPool.vmSize)) {
    add(
      "systemPool.vmSize",
      `${systemPool.vmSize}: a system pool cannot use B-series VMs; use e.g. Standard_D4s_v5`,
    );
  }
  const vcpus = vcpusOf(systemPool.vmSize);
  if (vcpus !== undefined && vcpus < 4) {
    add(
      "systemPool.vmSize",
      `${systemPool.vmSize} has ${vcpus} vCPU; a system pool needs at least 4, e.g. Standard_D4s_v5`,
    );
  }
  if (systemPool.minCount < 2)
    add("systemPool.minCount", `${systemPool.minCount}: a system pool needs at least 2 nodes`);
  if (linuxPools.length === 0)
    add("linuxPools", TENANT_LINUX_POOL_NEEDED("vmSize: Standard_D4s_v5"));

  windowsPools.forEach((pool, i) => {
    const at = `windowsPools[${i}]`;
    if (pool.mode === "System") {
      add(
        `${at}.mode`,
        "a Windows pool cannot be a System pool: AKS needs Linux system nodes; remove mode or set User",
      );
    }
    // @see https://learn.microsoft.com/en-us/azure/aks/learn/quick-windows-container-deploy-cli (Windows Server 2025)
    if (pool.osSku === "Windows2025" && !pool.enableFips)
      add(`${at}.enableFips`, "Windows2025 pools need enableFips: true");
    problems.push(...windowsOsProblems(pool.osSku, settings, `tenancy:cluster.${at}.osSku`));
  });

  if (windowsPools.length > 0) {
    // @see https://learn.microsoft.com/en-us/azure/aks/windows-faq (Azure CNI required for Windows)
    if (network.plugin !== "azure") {
      add(
        "network.plugin",
        `"${network.plugin}" cannot run Windows pools: use azure (Azure CNI, overlay recommended)`,
      );
    }
    // @see https://learn.microsoft.com/en-us/azure/aks/use-network-policies (Calico is the Windows engine)
    if (network.policy !== "calico") {
      add(
        "network.policy",
        `"${network.policy}" does not enforce network policy on Windows nodes: use calico`,
      );
    }
    const username = settings.windowsAdminUsername;
    if (
      username.length < 1 ||
      username.length > 20 ||
      /[\\/"[\]:|<>+=;,?*@ .]|\.$/.test(username)
    ) {
      add(
        "windowsAdminUsername",
        `"${username}" must be 1–20 characters without spaces or any of \\/"[]:|<>+=;,?*@.`,
      );
    } else if (RESERVED_USERNAMES.has(username.toLowerCase())) {
      add(
        "windowsAdminUsername",
        `"${username}" is a reserved name Azure refuses: choose another, e.g. tenancyadmin`,
      );
    }
  }

  const pods = parseCidr(network.podCidr);
  const services = parseCidr(network.serviceCidr);
  for (const [key, range] of [
    ["podCidr", pods],
    ["serviceCidr", services],
  ] as const) {
    const special = clusterRangeReason(network[key]);
    const reserved = range.ok
      ? AKS_RESERVED.find((r) => cidrsOverlap(range.cidr, r.cidr))
      : undefined;
    if (special !== undefined) add(`network.${key}`, special);
    else if (reserved !== undefined) {
      add(
        `network.${key}`,
        `${network[key]} overlaps ${reserved.text}, which AKS reserves: choose another private range`,
      );
    }
  }
  if (pods.ok && services.ok && cidrsOverlap(pods.cidr, services.cidr)) {
    add(
      "network.serviceCidr",
      `${network.serviceCidr} overlaps podCidr ${network.podCidr}: choose ranges that do not overlap`,
    );
  }
  if (network.dnsServiceIP !== undefined && services.ok) {
    const dns = parseCidr(`${network.dnsServiceIP}/32`);
    if (!dns.ok || !cidrContains(services.cidr, dns.cidr)) {
      add(
        "network.dnsServiceIP",
        `"${network.dnsServiceIP}" must be an address inside serviceCidr ${network.serviceCidr}`,
      );
    } else if (dns.cidr.network - services.cidr.network <= 1n) {
      // The range's own address names no host, and its first is the API server's Service.
      add(
        "network.dnsServiceIP",
        `"${network.dnsServiceIP}" is the range's ${dns.cidr.network === services.cidr.network ? "network" : "first"} address, which Kubernetes gives the API server's Service or no one: use another, e.g. the 10th`,
      );
    }
  }

  // @see https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges
  if (apiServer.private && apiServer.authorizedRanges !== undefined) {
    add(
      "apiServer.authorizedRanges",
      "authorized ranges do not apply to a private cluster: remove them or set private: false",
    );
  }
  // A broken allowlist is reported on its own key; the ranges it would give are not judged.
  if (stack.allowlist !== undefined) {
    problems.push(...apiServerProblems(apiServer, stack.allowlist, AKS_RANGES));
  }
  problems.push(...aksVersionProblems(settings));
  if (stack.environment?.startsWith("prod") === true && settings.skuTier === "Free") {
    add(
      "skuTier",
      "production stacks need the Standard tier (uptime SLA): set Standard or Premium",
    );
  }
  return problems;
}

/**
 * The Windows Server of a pool against the network policy engine and the Kubernetes version:
 * Calico, the only engine that enforces NetworkPolicy on AKS Windows nodes, is documented for
 * Windows Server 2022, and Windows Server 2022 runs on Kubernetes 1.36 at most.
 * @see https://learn.microsoft.com/en-us/azure/aks/use-network-policies (read 2026-12-02)
 * @see https://learn.microsoft.com/en-us/azure/aks/upgrade-windows-os (read 2026-12-02)
 */
function windowsOsProblems(
  osSku: AksClusterSettings["windowsPools"][number]["osSku"],
  settings: AksClusterSettings,
  path: string,
): Problem[] {
  const version = parseKubernetesVersion(settings.kubernetesVersion);
  const last = `${AKS_WINDOWS2022_LAST.major}.${AKS_WINDOWS2022_LAST.minor}`;
  switch (osSku) {
    case "Windows2019":
      return [
        {
          path,
          reason:
            "Windows2019 is retired on AKS (not on Kubernetes 1.33+, support ended 1 March 2026): use Windows2022",
        },
      ];
    case "Windows2022":
      return version !== undefined && compareMinor(version, AKS_WINDOWS2022_LAST) > 0
        ? [
            {
              path,
              reason: `AKS runs Windows2022 on Kubernetes ${last} at most, and kubernetesVersion is ${settings.kubernetesVersion}: keep kubernetesVersion at ${last} (an LTS version) for Windows pools with Calico`,
            },
          ]
        : [];
    case "Windows2025":
      return settings.network.policy === "calico"
        ? [
            {
              path,
              reason: `AKS documents Calico network policy for Windows2022 only, not Windows2025: use Windows2022 on Kubernetes ${last} or older, so tenants' Windows pods stay under network policy`,
            },
          ]
        : [];
    default: {
      const unreachable: never = osSku;
      throw new Error(`unknown osSku ${String(unreachable)}`);
    }
  }
}

/**
 * The version floor; a patch pinned under the `patch` channel (AKS would move the patch and the
 * next `up` would try to take it back); a channel that moves the minor while Windows2022 pools
 * would be taken past their last version.
 * @see https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels (read 2026-12-02)
 */
function aksVersionProblems(settings: AksClusterSettings): Problem[] {
  const path = "tenancy:cluster.kubernetesVersion";
  const channel = settings.upgradeChannel;
  const owned = channelMovesMinor(channel) ? CHANNEL_OWNS_VERSION : "";
  const problems = versionFloorProblems(settings.kubernetesVersion, "aks", path, owned);
  const windows2022 = settings.windowsPools.some((pool) => pool.osSku === "Windows2022");
  if (windows2022 && channelMovesMinor(channel)) {
    const last = `${AKS_WINDOWS2022_LAST.major}.${AKS_WINDOWS2022_LAST.minor}`;
    problems.push({
      path: "tenancy:cluster.upgradeChannel",
      reason: `${channel} moves the cluster's minor version, past ${last} where AKS does not run Windows2022: use patch and upgrade the minor yourself (docs/operations.md "Versions and upgrades")`,
    });
  }
  const version = parseKubernetesVersion(settings.kubernetesVersion);
  if (version?.patch !== undefined && settings.upgradeChannel === "patch") {
    problems.push({
      path,
      reason: `${settings.kubernetesVersion} pins a patch, which upgradeChannel patch moves: write ${version.major}.${version.minor}, or set upgradeChannel: none to own patches yourself`,
    });
  }
  return problems;
}
