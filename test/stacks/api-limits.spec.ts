import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ADDONS, ADMINS, GKE_CLUSTER } from "../helpers/tenants";
import { linuxAksStack } from "../helpers/project";
import { validateConfig } from "../helpers/validate";

/**
 * Values that would render and then be refused by Kubernetes or the cloud at `pulumi up`, after
 * part of the stack exists: each refused before anything is created, at its key.
 */

const WINDOWS_POOL = { name: "win1", vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 };
const aks = (cluster: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  ...linuxAksStack({ kubernetesVersion: "1.36", windowsPools: [WINDOWS_POOL], ...cluster }),
  ...extra,
});
const gke = (cluster: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  "tenancy:environment": "test",
  "tenancy:platform": "gke",
  "tenancy:region": "europe-west1",
  "tenancy:allowlist": ["203.0.113.0/24"],
  "tenancy:addons": ADDONS,
  "tenancy:cluster": { ...GKE_CLUSTER, ...cluster },
  ...extra,
});
const tenant = (fields: Record<string, unknown> = {}) => ({
  domain: "example.com",
  tenants: [{ name: "contoso", admins: ADMINS, ...fields }],
});

const cases: [string, Record<string, unknown>, ReturnType<typeof tenant>, string][] = [
  [
    "a fraction of a pod in a quota",
    aks(),
    tenant({ quota: { pods: "10.5" } }),
    "stacks/dev.yaml: tenants[0].quota.pods",
  ],
  [
    "a database volume of no size",
    aks(),
    tenant({ databaseStorage: "0" }),
    "stacks/dev.yaml: tenants[0].databaseStorage",
  ],
  [
    "files of no size",
    aks(),
    tenant({ fileStorage: "0Gi" }),
    "stacks/dev.yaml: tenants[0].fileStorage",
  ],
  [
    "a Windows image of another release than the pools'",
    aks(),
    tenant({
      application: { images: { web: "docker.io/advantys/workflowgen:10.4.0-win-ltsc2019" } },
    }),
    "stacks/dev.yaml: tenants[0].application.images.web",
  ],
  [
    "a Service range AKS reserves",
    aks({ network: { serviceCidr: "172.30.0.0/16" } }),
    tenant(),
    "tenancy:cluster.network.serviceCidr",
  ],
  [
    "a pod range AKS reserves",
    aks({ network: { podCidr: "192.0.2.0/24" } }),
    tenant(),
    "tenancy:cluster.network.podCidr",
  ],
  [
    "the DNS Service on the API server's address",
    aks({ network: { serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.1" } }),
    tenant(),
    "tenancy:cluster.network.dnsServiceIP",
  ],
  [
    "an AKS DNS prefix past 54 characters",
    aks({}, { "tenancy:environment": "e".repeat(40) }),
    tenant(),
    "tenancy:environment",
  ],
  [
    "a GKE cluster name past 40 characters",
    gke({}, { "tenancy:environment": "long-environment-name-xx" }),
    tenant(),
    "tenancy:environment",
  ],
  [
    "a tenant named after a platform namespace",
    aks(),
    { domain: "example.com", tenants: [{ name: "velero", admins: ADMINS }] },
    "stacks/dev.yaml: tenants[0].name",
  ],
  [
    "a quota of fewer Services than the application has",
    aks(),
    tenant({ quota: { services: 1 } }),
    "stacks/dev.yaml: tenants[0].quota.services",
  ],
  [
    "a node label under a prefix the nodes' agents set",
    aks({
      linuxPools: [
        {
          name: "linux",
          vmSize: "Standard_D4s_v5",
          minCount: 1,
          maxCount: 3,
          labels: { "kubernetes.azure.com/mode": "user" },
        },
      ],
    }),
    tenant(),
    "tenancy:cluster.linuxPools[0].labels.kubernetes.azure.com/mode",
  ],
  [
    "a Service range on the nodes' own network",
    aks({ network: { serviceCidr: "10.224.0.0/16" } }),
    tenant(),
    "tenancy:cluster.network.serviceCidr",
  ],
  [
    "a GKE node range that is link-local",
    gke({ network: { nodeCidr: "169.254.0.0/20" } }),
    tenant(),
    "tenancy:cluster.network.nodeCidr",
  ],
  [
    "a misspelt config namespace",
    aks({}, { "tenacy:allowlist": ["203.0.113.0/24"] }),
    tenant(),
    "tenacy:allowlist",
  ],
  [
    "a Google Groups for RBAC group of another name",
    gke({ securityGroup: "platform-groups@example.com" }),
    tenant(),
    "tenancy:cluster.securityGroup",
  ],
];

describe("values the API or the cloud would refuse", () => {
  it("refuses one tenant name twice, in whichever regions the two entries run", () => {
    const catalog = {
      domain: "example.com",
      regions: ["westeurope", "eastus"],
      tenants: [
        { name: "contoso", admins: ADMINS, region: "westeurope" },
        { name: "contoso", admins: ADMINS, region: "eastus", host: "portal.example.com" },
      ],
    };
    const result = validateConfig(aks(), catalog);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["stacks/dev.yaml: tenants[1].name"],
    );
  });

  it("never shows a secret given for plain configuration, and says to set it plain", () => {
    const result = validateConfig(aks({}, { "tenancy:region": "Top-Secret-Region" }), tenant(), [
      "tenancy:region",
    ]);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["tenancy:region"],
    );
    assert.ok(result.problems.every((p) => !p.reason.includes("Top-Secret-Region")));
  });

  it("none of them in the base stacks", () => {
    for (const config of [aks(), gke()]) {
      const result = validateConfig(config, tenant());
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    }
  });

  for (const [what, config, catalog, path] of cases) {
    it(`refuses ${what}, at ${path}`, () => {
      const result = validateConfig(config, catalog);
      assert.ok(!result.ok, "accepted");
      assert.deepEqual(
        result.problems.map((p) => p.path),
        [path],
        result.problems.map((p) => `${p.path}: ${p.reason}`).join("\n"),
      );
    });
  }
});
