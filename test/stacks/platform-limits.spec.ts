import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultDnsServiceIp } from "../../stacks/cluster/aks";
import { validateStack, type Validation } from "../../stacks/validate";
import { ADDONS, ADMINS, CATALOG_BASE, GKE_CLUSTER } from "../helpers/tenants";

/** Every platform limit the cloud would refuse at deploy time, refused first with key and limit. */

const catalog = {
  domain: "example.com",
  ...CATALOG_BASE,
  tenants: [{ name: "contoso", admins: ADMINS }],
};

const aksCluster = (overrides: Record<string, unknown> = {}) => ({
  kubernetesVersion: "1.36",
  adminGroupObjectIds: ["6b1c2f4e-8a3d-4e5f-9a7b-1c2d3e4f5a6b"],
  systemPool: { vmSize: "Standard_D4s_v5", minCount: 2, maxCount: 3 },
  linuxPools: [{ name: "linux", vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 }],
  windowsPools: [{ name: "win1", vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 }],
  ...overrides,
});
const windowsPool = (overrides: Record<string, unknown>) => [
  { name: "win1", vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3, ...overrides },
];
const gkeCluster = (overrides: Record<string, unknown> = {}) => ({ ...GKE_CLUSTER, ...overrides });

function validate(
  platform: string,
  cluster: unknown,
  extra: Record<string, unknown> = {},
): Validation {
  const config: Record<string, string> = {
    "tenancy:environment": "dev",
    "tenancy:platform": platform,
    "tenancy:addons": JSON.stringify(ADDONS),
    "tenancy:region": platform === "gke" ? "europe-west1" : "westeurope",
    "tenancy:allowlist": JSON.stringify(["203.0.113.0/24"]),
    "tenancy:cluster": JSON.stringify(cluster),
  };
  for (const [key, value] of Object.entries(extra))
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  return validateStack({
    config,
    secretKeys: new Set(),
    readCatalog: () => ({ path: "stacks/dev.yaml", content: catalog }),
  });
}

function problems(result: Validation): string[] {
  if (result.ok) assert.fail("expected the config to be refused");
  return result.problems.map((p) => `${p.path}: ${p.reason}`);
}

describe("valid clusters", () => {
  it("accepts the documented AKS and GKE shapes", () => {
    assert.equal(validate("aks", aksCluster()).ok, true);
    assert.equal(validate("gke", gkeCluster()).ok, true);
  });
  it("puts the AKS cluster DNS address inside a custom Service range", () => {
    const result = validate("aks", aksCluster({ network: { serviceCidr: "10.100.0.0/16" } }));
    assert.ok(result.ok);
    assert.equal(defaultDnsServiceIp("10.100.0.0/16"), "10.100.0.10");
  });
});

describe("refused before deploy", () => {
  const cases: [string, string, unknown, string | string[], Record<string, unknown>?][] = [
    [
      "AKS Windows pool name over 6 characters",
      "aks",
      aksCluster({ windowsPools: windowsPool({ name: "windows1" }) }),
      `tenancy:cluster.windowsPools[0].name: "windows1" must be 1–6 lowercase letters and digits, starting with a letter (AKS limit for Windows pools)`,
    ],
    [
      "AKS Windows pool name with a dash",
      "aks",
      aksCluster({ windowsPools: windowsPool({ name: "win-1" }) }),
      `tenancy:cluster.windowsPools[0].name: "win-1" must be 1–6 lowercase letters and digits, starting with a letter (AKS limit for Windows pools)`,
    ],
    [
      "a Windows pool as System pool",
      "aks",
      aksCluster({ windowsPools: windowsPool({ mode: "System" }) }),
      "tenancy:cluster.windowsPools[0].mode: a Windows pool cannot be a System pool: AKS needs Linux system nodes; remove mode or set User",
    ],
    [
      "kubenet with Windows pools",
      "aks",
      aksCluster({ network: { plugin: "kubenet" } }),
      `tenancy:cluster.network.plugin: "kubenet" cannot run Windows pools: use azure (Azure CNI, overlay recommended)`,
    ],
    [
      "BYOCNI with Windows pools",
      "aks",
      aksCluster({ network: { plugin: "none" } }),
      `tenancy:cluster.network.plugin: "none" cannot run Windows pools: use azure (Azure CNI, overlay recommended)`,
    ],
    [
      "a policy engine that skips Windows nodes",
      "aks",
      aksCluster({ network: { policy: "cilium" } }),
      `tenancy:cluster.network.policy: "cilium" does not enforce network policy on Windows nodes: use calico`,
    ],
    [
      "Windows2019",
      "aks",
      aksCluster({ windowsPools: windowsPool({ osSku: "Windows2019" }) }),
      [
        "tenancy:cluster.windowsPools[0].osSku: Windows2019 is retired on AKS (not on Kubernetes 1.33+, support ended 1 March 2026): use Windows2022",
      ],
    ],
    [
      "Windows2025 without FIPS, and with Calico",
      "aks",
      aksCluster({ windowsPools: windowsPool({ osSku: "Windows2025" }) }),
      [
        "tenancy:cluster.windowsPools[0].enableFips: Windows2025 pools need enableFips: true",
        "tenancy:cluster.windowsPools[0].osSku: AKS documents Calico network policy for Windows2022 only, not Windows2025: use Windows2022 on Kubernetes 1.36 or older, so tenants' Windows pods stay under network policy",
        `stacks/dev.yaml: application.images.web: "docker.io/advantys/workflowgen:10.4.0-win-ltsc2022" is built for Windows Server 2022, and this cluster's Windows pools run Windows Server 2025: use the image's ltsc2025 tag, or pools of its release`,
      ],
    ],
    [
      "Windows2022 on a Kubernetes version AKS runs only Windows2025 on",
      "aks",
      aksCluster({ kubernetesVersion: "1.37" }),
      "tenancy:cluster.windowsPools[0].osSku: AKS runs Windows2022 on Kubernetes 1.36 at most, and kubernetesVersion is 1.37: keep kubernetesVersion at 1.36 (an LTS version) for Windows pools with Calico",
    ],
    [
      "a channel that would move Windows2022 pools past their last version",
      "aks",
      aksCluster({ upgradeChannel: "stable" }),
      'tenancy:cluster.upgradeChannel: stable moves the cluster\'s minor version, past 1.36 where AKS does not run Windows2022: use patch and upgrade the minor yourself (docs/operations.md "Versions and upgrades")',
    ],
    [
      "an AKS version out of standard support",
      "aks",
      aksCluster({ kubernetesVersion: "1.34" }),
      "tenancy:cluster.kubernetesVersion: 1.34 is out of AKS standard support (its oldest supported minor was 1.35 on 2026-12-02): use 1.35 or newer",
    ],
    [
      "a version older than admission policies need",
      "aks",
      aksCluster({ kubernetesVersion: "1.29.4", upgradeChannel: "none" }),
      "tenancy:cluster.kubernetesVersion: 1.29.4 is older than 1.31, the version tenants' admission policies need (ValidatingAdmissionPolicy with CEL's IP and CIDR library): use 1.35 or newer",
    ],
    [
      "an AKS patch pinned while the patch channel moves it",
      "aks",
      aksCluster({ kubernetesVersion: "1.36.2" }),
      "tenancy:cluster.kubernetesVersion: 1.36.2 pins a patch, which upgradeChannel patch moves: write 1.36, or set upgradeChannel: none to own patches yourself",
    ],
    [
      "a GKE minimum version out of standard support",
      "gke",
      gkeCluster({ kubernetesVersion: "1.33" }),
      "tenancy:cluster.kubernetesVersion: 1.33 is out of GKE standard support (its oldest supported minor was 1.34 on 2026-12-02): use 1.34 or newer (the upgrade channel owns an existing cluster's version: raising it here changes nothing there)",
    ],
    [
      "a reserved admin username",
      "aks",
      aksCluster({ windowsAdminUsername: "Administrator" }),
      `tenancy:cluster.windowsAdminUsername: "Administrator" is a reserved name Azure refuses: choose another, e.g. tenancyadmin`,
    ],
    [
      "more than 200 authorized ranges",
      "aks",
      aksCluster({
        apiServer: {
          authorizedRanges: Array.from(
            { length: 201 },
            (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
          ),
        },
      }),
      "tenancy:cluster.apiServer.authorizedRanges: 201 ranges: AKS allows at most 200 authorized ranges",
    ],
    [
      "authorized ranges on a private cluster",
      "aks",
      aksCluster({ apiServer: { private: true, authorizedRanges: ["203.0.113.0/24"] } }),
      "tenancy:cluster.apiServer.authorizedRanges: authorized ranges do not apply to a private cluster: remove them or set private: false",
    ],
    [
      "a public AKS API server with no allowlist",
      "aks",
      aksCluster(),
      "tenancy:cluster.apiServer: the API server would be open to the whole internet: set tenancy:allowlist (or apiServer.authorizedRanges), or private: true, or publicApiServer: true to accept it",
      { "tenancy:allowlist": [] },
    ],
    [
      "minCount above maxCount",
      "aks",
      aksCluster({ windowsPools: windowsPool({ minCount: 4, maxCount: 2 }) }),
      "tenancy:cluster.windowsPools[0].minCount: minCount 4 is above maxCount 2: lower minCount or raise maxCount",
    ],
    [
      "a B-series system pool",
      "aks",
      aksCluster({ systemPool: { vmSize: "Standard_B4ms", minCount: 2, maxCount: 3 } }),
      "tenancy:cluster.systemPool.vmSize: Standard_B4ms: a system pool cannot use B-series VMs; use e.g. Standard_D4s_v5",
    ],
    [
      "a 2-vCPU system pool",
      "aks",
      aksCluster({ systemPool: { vmSize: "Standard_D2s_v5", minCount: 2, maxCount: 3 } }),
      "tenancy:cluster.systemPool.vmSize: Standard_D2s_v5 has 2 vCPU; a system pool needs at least 4, e.g. Standard_D4s_v5",
    ],
    [
      "a one-node system pool",
      "aks",
      aksCluster({ systemPool: { vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 } }),
      "tenancy:cluster.systemPool.minCount: 1: a system pool needs at least 2 nodes",
    ],
    [
      "an unknown Azure region",
      "aks",
      aksCluster(),
      `tenancy:region: "westeurop" is not an Azure region: did you mean "westeurope"?`,
      { "tenancy:region": "westeurop" },
    ],
    [
      "the Free tier in production",
      "aks",
      aksCluster({ skuTier: "Free" }),
      "tenancy:cluster.skuTier: production stacks need the Standard tier (uptime SLA): set Standard or Premium",
      { "tenancy:environment": "prod" },
    ],
    [
      "a DNS service address outside the Service range",
      "aks",
      aksCluster({ network: { dnsServiceIP: "10.1.0.10" } }),
      `tenancy:cluster.network.dnsServiceIP: "10.1.0.10" must be an address inside serviceCidr 10.0.0.0/16`,
    ],
    [
      "an AKS Service range overlapping the pod range",
      "aks",
      aksCluster({ network: { podCidr: "10.0.0.0/14" } }),
      "tenancy:cluster.network.serviceCidr: 10.0.0.0/16 overlaps podCidr 10.0.0.0/14: choose ranges that do not overlap",
    ],
    [
      "duplicate pool names",
      "aks",
      aksCluster({ windowsPools: [...windowsPool({}), ...windowsPool({})] }),
      `tenancy:cluster.windowsPools[1].name: "win1" is already a pool name: pool names must be unique`,
    ],
    [
      "GKE ranges that overlap",
      "gke",
      gkeCluster({ network: { podCidr: "10.8.0.0/14" } }),
      "tenancy:cluster.network.podCidr: 10.8.0.0/14 overlaps nodeCidr 10.10.0.0/20: choose ranges that do not overlap",
    ],
    [
      "a GKE control plane range that is not a /28",
      "gke",
      gkeCluster({ network: { masterCidr: "172.16.0.0/24" } }),
      "tenancy:cluster.network.masterCidr: 172.16.0.0/24 must be a /28",
    ],
    [
      "a GKE cluster without a system pool",
      "gke",
      gkeCluster({ systemPool: undefined }),
      "tenancy:cluster.systemPool: required: add systemPool (Linux, for GKE's own components and the add-ons) with a name, machineType, minCount and maxCount",
    ],
    [
      "a GKE cluster whose tenants' Linux pods would share the system pool",
      "gke",
      gkeCluster({ linuxPools: [] }),
      "tenancy:cluster.linuxPools: required: tenants' Linux pods (their databases) run on Linux pools of their own, never on the system pool beside the add-ons: add one, e.g. { name: linux, machineType: e2-standard-4, minCount: 1, maxCount: 3 }",
    ],
    [
      "an AKS cluster whose tenants' Linux pods would share the system pool",
      "aks",
      aksCluster({ linuxPools: [] }),
      "tenancy:cluster.linuxPools: required: tenants' Linux pods (their databases) run on Linux pools of their own, never on the system pool beside the add-ons: add one, e.g. { name: linux, vmSize: Standard_D4s_v5, minCount: 1, maxCount: 3 }",
    ],
    [
      "an AKS tenant Linux pool named like the system pool",
      "aks",
      aksCluster({
        linuxPools: [{ name: "system", vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 }],
      }),
      'tenancy:cluster.linuxPools[0].name: "system" is already a pool name: pool names must be unique',
    ],
    [
      "an unknown Google Cloud region",
      "gke",
      gkeCluster(),
      `tenancy:region: "europe-west-1" is not a Google Cloud region: did you mean "europe-west1"?`,
      { "tenancy:region": "europe-west-1" },
    ],
    [
      "a public GKE control plane with no allowlist",
      "gke",
      gkeCluster(),
      "tenancy:cluster.apiServer: the API server would be open to the whole internet: set tenancy:allowlist (or apiServer.authorizedRanges), or private: true, or publicApiServer: true to accept it",
      { "tenancy:allowlist": [] },
    ],
    [
      "more than 50 GKE authorized networks",
      "gke",
      gkeCluster({
        apiServer: { authorizedRanges: Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`) },
      }),
      "tenancy:cluster.apiServer.authorizedRanges: 51 ranges: GKE allows at most 50 authorized ranges",
    ],
    [
      "GKE minCount above maxCount",
      "gke",
      gkeCluster({
        windowsPools: [{ name: "win", machineType: "n2-standard-8", minCount: 5, maxCount: 1 }],
      }),
      "tenancy:cluster.windowsPools[0].minCount: minCount 5 is above maxCount 1: lower minCount or raise maxCount",
    ],
  ];
  for (const [name, platform, cluster, expected, extra] of cases) {
    const all = typeof expected === "string" ? [expected] : expected;
    it(name, () => assert.deepEqual(problems(validate(platform, cluster, extra)), all));
  }

  it("accepts a public API server without allowlist only when publicApiServer is explicit", () => {
    const open = aksCluster({ apiServer: { publicApiServer: true } });
    assert.equal(validate("aks", open, { "tenancy:allowlist": [] }).ok, true);
  });
});
