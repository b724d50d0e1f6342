import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ADDONS, ADMINS } from "../helpers/tenants";
import { problemsOf, validateConfig } from "../helpers/validate";
import { EXISTING_CLUSTER } from "../helpers/project";

/** Tenant rules that depend on the stack: groups per platform, namespaces, egress, storage. */

const aksStack = {
  "tenancy:environment": "dev",
  "tenancy:platform": "aks",
  "tenancy:addons": ADDONS,
  "tenancy:region": "westeurope",
  "tenancy:allowlist": ["203.0.113.0/24"],
  "tenancy:cluster": {
    kubernetesVersion: "1.36",
    skuTier: "Free",
    adminGroupObjectIds: ["00000000-0000-0000-0000-000000000001"],
    systemPool: { vmSize: "Standard_D4s_v5", minCount: 2, maxCount: 3 },
    linuxPools: [{ name: "linux", vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 }],
  },
};
const existingStack = {
  "tenancy:environment": "dev",
  "tenancy:platform": "existing",
  "tenancy:cluster": EXISTING_CLUSTER,
  "tenancy:addons": ADDONS,
  "tenancy:region": "lab",
};

const validate = validateConfig;

describe("tenant rules that depend on the stack", () => {
  const cases: {
    name: string;
    config?: Record<string, unknown>;
    catalog: Record<string, unknown>;
    expected: string[];
  }[] = [
    {
      name: "a tenant without an admin group for the stack's platform",
      catalog: { tenants: [{ name: "contoso", admins: { gke: "contoso@example.com" } }] },
      expected: [
        "stacks/dev.yaml: tenants[0].admins.aks: required for platform aks: the object id of the tenant's Entra ID group",
      ],
    },
    {
      name: "an admin group that is not an Entra ID object id",
      catalog: { tenants: [{ name: "contoso", admins: { aks: "contoso-admins" } }] },
      expected: [
        `stacks/dev.yaml: tenants[0].admins.aks: must be an Entra ID group object id (a GUID)`,
      ],
    },
    {
      name: "viewers without a group for the stack's platform",
      catalog: {
        tenants: [{ name: "contoso", admins: ADMINS, viewers: { gke: "viewers@example.com" } }],
      },
      expected: [
        "stacks/dev.yaml: tenants[0].viewers.aks: viewers has no aks group: add the object id of the tenant's Entra ID group, or remove viewers",
      ],
    },
    {
      name: "a tenant taking a system namespace",
      catalog: { tenants: [{ name: "kube-public", admins: ADMINS }] },
      expected: [
        `stacks/dev.yaml: tenants[0].name: namespace "kube-public" belongs to the cluster or its add-ons: choose another tenant name`,
      ],
    },
    {
      name: "the edge's namespace",
      catalog: { tenants: [{ name: "envoy-gateway-system", admins: ADMINS }] },
      expected: [
        `stacks/dev.yaml: tenants[0].name: namespace "envoy-gateway-system" belongs to the cluster or its add-ons: choose another tenant name`,
      ],
    },
    {
      name: "a name too long once prefixed with the environment",
      catalog: { prefixNamespaces: true, tenants: [{ name: "a".repeat(62), admins: ADMINS }] },
      expected: [
        `stacks/dev.yaml: tenants[0].name: namespace "dev-${"a".repeat(62)}" is longer than 63 characters: shorten the name or set prefixNamespaces: false`,
      ],
    },
    {
      name: "egress to the cluster's own pod range",
      catalog: { tenants: [{ name: "contoso", admins: ADMINS, egress: ["10.244.3.0/24"] }] },
      expected: [
        "stacks/dev.yaml: tenants[0].egress[0]: 10.244.3.0/24 lies inside the cluster's range 10.244.0.0/16: egress lists destinations outside the cluster only",
      ],
    },
    {
      name: "egress to the instance metadata service",
      catalog: { tenants: [{ name: "contoso", admins: ADMINS, egress: ["169.254.169.254/32"] }] },
      expected: [
        "stacks/dev.yaml: tenants[0].egress[0]: 169.254.169.254/32 lies inside the cluster's range 169.254.0.0/16: egress lists destinations outside the cluster only",
      ],
    },
    {
      name: "shared files that, with the database, outgrow the storage quota",
      catalog: { tenants: [{ name: "contoso", admins: ADMINS, fileStorage: "45Gi" }] },
      expected: [
        "stacks/dev.yaml: tenants[0].databaseStorage: 20Gi and the 45Gi of the tenant's files exceed the quota's requests.storage 50Gi: lower databaseStorage or fileStorage, or raise quota.requests.storage",
      ],
    },
    {
      name: "a database volume larger than the storage quota",
      catalog: {
        tenants: [
          {
            name: "contoso",
            admins: ADMINS,
            databaseStorage: "80Gi",
            quota: { "requests.storage": "50Gi" },
          },
        ],
      },
      expected: [
        "stacks/dev.yaml: tenants[0].databaseStorage: 80Gi and the 10Gi of the tenant's files exceed the quota's requests.storage 50Gi: lower databaseStorage or fileStorage, or raise quota.requests.storage",
      ],
    },
    {
      name: "a registry written as a URL",
      catalog: {
        registries: ["https://mcr.microsoft.com"],
        tenants: [{ name: "contoso", admins: ADMINS }],
      },
      expected: [
        `stacks/dev.yaml: registries[0]: "https://mcr.microsoft.com" must be a registry host with an optional path, e.g. mcr.microsoft.com or registry.example.com/team (no https://, tag or digest)`,
      ],
    },
    {
      name: "a quota that tries to open LoadBalancer Services",
      catalog: {
        tenants: [{ name: "contoso", admins: ADMINS, quota: { "services.loadbalancers": 1 } }],
      },
      expected: [
        `stacks/dev.yaml: tenants[0].quota.services.loadbalancers: unknown key; allowed here: limits.cpu, limits.ephemeral-storage, limits.memory, persistentvolumeclaims, pods, requests.cpu, requests.ephemeral-storage, requests.memory, requests.storage, services`,
      ],
    },
    {
      name: "Google groups on a GKE cluster without Google Groups for RBAC",
      config: {
        "tenancy:environment": "dev",
        "tenancy:platform": "gke",
        "tenancy:addons": ADDONS,
        "tenancy:region": "europe-west1",
        "tenancy:allowlist": ["203.0.113.0/24"],
        "tenancy:cluster": {
          project: "tenancy-test-123",
          kubernetesVersion: "1.35",
          systemPool: { name: "system", machineType: "e2-standard-4", minCount: 1, maxCount: 3 },
          linuxPools: [{ name: "linux", machineType: "e2-standard-4", minCount: 1, maxCount: 3 }],
        },
      },
      catalog: { tenants: [{ name: "contoso", admins: ADMINS }] },
      expected: [
        "tenancy:cluster.securityGroup: required when tenants are bound to Google groups: set it to gke-security-groups@<your domain> (Google Groups for RBAC)",
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(problemsOf(validate(c.config ?? aksStack, c.catalog)), c.expected),
    );
  }
});

describe("tenant specs derived for the stack", () => {
  it("binds the group of the stack's platform", () => {
    const catalog = { tenants: [{ name: "contoso", admins: ADMINS, viewers: ADMINS }] };
    const aks = validate(aksStack, catalog);
    const existing = validate(existingStack, catalog);
    assert.ok(aks.ok && existing.ok);
    assert.equal(aks.spec.tenants[0]?.admins, ADMINS.aks);
    assert.equal(existing.spec.tenants[0]?.viewers, ADMINS.existing);
  });

  it("carves the cluster's ranges out of a wide egress range", () => {
    const result = validate(aksStack, {
      tenants: [{ name: "contoso", admins: ADMINS, egress: ["10.0.0.0/8"] }],
    });
    assert.ok(result.ok);
    const except = result.spec.tenants[0]?.egress[0]?.except ?? [];
    // Pods, Services and the nodes' network of the AKS cluster all lie in 10.0.0.0/8.
    assert.deepEqual([...except].sort(), ["10.0.0.0/16", "10.224.0.0/12", "10.244.0.0/16"]);
  });

  it("prefixes namespaces with the environment when the catalog asks", () => {
    const result = validate(existingStack, {
      prefixNamespaces: true,
      tenants: [{ name: "contoso", admins: ADMINS }],
    });
    assert.ok(result.ok);
    assert.equal(result.spec.tenants[0]?.namespace, "dev-contoso");
  });

  it("merges the catalog's registries with the tenant's own", () => {
    const result = validate(existingStack, {
      registries: ["docker.io/advantys"],
      tenants: [{ name: "contoso", admins: ADMINS, registries: ["registry.example.com/contoso"] }],
    });
    assert.ok(result.ok);
    assert.deepEqual(result.spec.tenants[0]?.registries, [
      "docker.io/advantys",
      "registry.example.com/contoso",
    ]);
  });
});
