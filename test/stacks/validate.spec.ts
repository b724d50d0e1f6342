import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TIER_QUOTAS } from "../../stacks/catalog/tiers";
import { validateStack, type CatalogSource, type Validation } from "../../stacks/validate";
import { ADDONS, ADMINS, CATALOG_BASE } from "../helpers/tenants";
import type { RegionValidation } from "../helpers/validate";
import { EXISTING_CLUSTER } from "../helpers/project";

type Config = Record<string, unknown>;

const baseConfig: Config = {
  "tenancy:environment": "dev",
  "tenancy:platform": "existing",
  "tenancy:cluster": EXISTING_CLUSTER,
  "tenancy:addons": ADDONS,
  "tenancy:region": "westeurope",
};
const baseCatalog = {
  domain: "dev.example.com",
  ...CATALOG_BASE,
  tenants: [{ name: "contoso", admins: ADMINS }],
};

/** Runs validation as the CLI would hand config over: structures as JSON text. */
function validate(
  config: Config,
  catalog: unknown = baseCatalog,
  secretKeys: string[] = [],
): RegionValidation {
  const text = Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const readCatalog = (environment: string): CatalogSource =>
    environment === "dev"
      ? { path: "stacks/dev.yaml", content: catalog }
      : { path: `stacks/${environment}.yaml`, error: "not found" };
  const result = validateStack({ config: text, secretKeys: new Set(secretKeys), readCatalog });
  if (result.ok && result.role === "global") return assert.fail("expected a region stack");
  return result;
}

function problemsOf(result: Validation): string[] {
  if (result.ok) assert.fail("expected the config to be refused");
  return result.problems.map((p) => `${p.path}: ${p.reason}`);
}

describe("a valid stack", () => {
  it("needs only a name and an admin group per tenant, and applies documented defaults", () => {
    const result = validate(baseConfig);
    assert.ok(result.ok);
    const tenant = result.spec.tenants[0];
    assert.ok(tenant);
    assert.equal(tenant.tier, "small");
    assert.equal(tenant.host, "contoso.dev.example.com");
    assert.equal(tenant.namespace, "contoso");
    assert.deepEqual(tenant.quota, TIER_QUOTAS.small);
  });

  it("merges the stack allowlist with the tenant's own and overrides single quota figures", () => {
    const catalog = {
      domain: "dev.example.com",
      ...CATALOG_BASE,
      tenants: [
        {
          name: "contoso",
          admins: ADMINS,
          tier: "large",
          allowlist: ["198.51.100.0/24"],
          quota: { pods: 50 },
        },
      ],
    };
    const result = validate({ ...baseConfig, "tenancy:allowlist": ["203.0.113.0/24"] }, catalog);
    assert.ok(result.ok);
    const tenant = result.spec.tenants[0];
    assert.ok(tenant);
    assert.deepEqual(tenant.allowlist, ["203.0.113.0/24", "198.51.100.0/24"]);
    assert.equal(tenant.quota.pods, "50");
    assert.equal(tenant.quota["requests.cpu"], TIER_QUOTAS.large["requests.cpu"]);
  });
});

describe("refused config names the key and the fix", () => {
  const cases: { name: string; config?: Config; catalog?: unknown; expected: string[] }[] = [
    {
      name: "a misspelt stack key",
      config: { ...baseConfig, "tenancy:clustr": { context: "x" } },
      expected: [
        `tenancy:clustr: unknown key; did you mean "cluster"? allowed here: addons, allowlist, cluster, environment, kubeconfig, organization, platform, region, role, tenantSecrets, windowsAdminPassword`,
      ],
    },
    {
      name: "a missing platform",
      config: {
        "tenancy:environment": "dev",
        "tenancy:region": "westeurope",
        "tenancy:addons": ADDONS,
      },
      expected: [
        "tenancy:platform: required: add it to the stack file, e.g. pulumi config set tenancy:platform aks (or gke, existing)",
      ],
    },
    {
      name: "an unknown platform",
      config: { ...baseConfig, "tenancy:platform": "eks" },
      expected: [`tenancy:platform: "eks" is not allowed: use one of aks, gke, existing`],
    },
    {
      name: "a malformed allowlist CIDR",
      config: { ...baseConfig, "tenancy:allowlist": ["203.0.113.5/24"] },
      expected: [
        `tenancy:allowlist[0]: "203.0.113.5/24" has host bits set after the /24 prefix; did you mean 203.0.113.0/24?`,
      ],
    },
    {
      name: "an unknown key in the existing cluster settings",
      config: { ...baseConfig, "tenancy:cluster": { ...EXISTING_CLUSTER, contxt: "prod" } },
      expected: [
        `tenancy:cluster.contxt: unknown key; did you mean "context"? allowed here: context, files, internalRanges, kubernetesVersion, storageClass`,
      ],
    },
    {
      name: "an existing cluster too old for the admission policies",
      config: { ...baseConfig, "tenancy:cluster": { kubernetesVersion: "1.30" } },
      expected: [
        "tenancy:cluster.kubernetesVersion: 1.30 is older than 1.31, the version tenants' admission policies need (ValidatingAdmissionPolicy with CEL's IP and CIDR library): upgrade the cluster first",
      ],
    },
    {
      name: "an existing cluster whose version is not given",
      config: { ...baseConfig, "tenancy:cluster": { context: "prod" } },
      expected: ["tenancy:cluster.kubernetesVersion: required: set a string"],
    },
    {
      name: "a kubeconfig not set as a secret",
      config: { ...baseConfig, "tenancy:kubeconfig": "apiVersion: v1" },
      expected: [
        "tenancy:kubeconfig: must be a secret: run pulumi config set --secret tenancy:kubeconfig (and remove the plain value)",
      ],
    },
    {
      name: "a tenant name that is not a DNS label",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [
          { name: "contoso", admins: ADMINS },
          { name: "b", admins: ADMINS },
          { name: "c", admins: ADMINS },
          { name: "Acme_1", admins: ADMINS },
        ],
      },
      expected: [
        `stacks/dev.yaml: tenants[3].name: "Acme_1" must be a DNS-1123 label: lowercase letters, digits, '-', starting and ending with a letter or digit, at most 63 characters`,
      ],
    },
    {
      name: "an unknown tenant field",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [{ name: "contoso", admins: ADMINS, tiers: "large" }],
      },
      expected: [
        `stacks/dev.yaml: tenants[0].tiers: unknown key; did you mean "tier"? allowed here: admins, allowlist, application, databaseStorage, decommission, egress, fileStorage, host, name, quota, region, registries, restoreFrom, selfServiceRoutes, shard, standby, storageClasses, tier, viewers`,
      ],
    },
    {
      name: "duplicate tenant names",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [
          { name: "contoso", admins: ADMINS },
          { name: "contoso", admins: ADMINS },
        ],
      },
      expected: [
        `stacks/dev.yaml: tenants[1].name: "contoso" is already the name of tenants[0]: tenant names must be unique`,
      ],
    },
    {
      name: "duplicate hosts, one of them derived",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [
          { name: "contoso", admins: ADMINS },
          { name: "fabrikam", admins: ADMINS, host: "contoso.dev.example.com" },
        ],
      },
      expected: [
        `stacks/dev.yaml: tenants[1].host: "contoso.dev.example.com" is already the host of tenants[0]: give each tenant its own host`,
      ],
    },
    {
      name: "a malformed quantity",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [{ name: "contoso", admins: ADMINS, quota: { "requests.memory": "4GB" } }],
      },
      expected: [
        `stacks/dev.yaml: tenants[0].quota.requests.memory: "4GB" is not a Kubernetes quantity: write a non-negative number with an optional unit, e.g. 500m, 2, 4Gi`,
      ],
    },
    {
      name: "a limit below its request",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [{ name: "contoso", admins: ADMINS, quota: { "limits.cpu": "1" } }],
      },
      expected: [
        `stacks/dev.yaml: tenants[0].quota.limits.cpu: 1 is below requests.cpu 4: raise the limit or lower the request`,
        "stacks/dev.yaml: tenants[0].quota.limits.cpu: 1 is below the 5 the application needs during a rollout (2 web pods plus one): raise it, or lower application.webReplicas",
      ],
    },
    {
      name: "an unknown tier",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [{ name: "contoso", admins: ADMINS, tier: "huge" }],
      },
      expected: [
        `stacks/dev.yaml: tenants[0].tier: "huge" is not allowed: use one of small, medium, large`,
      ],
    },
    {
      name: "a malformed egress CIDR",
      catalog: {
        domain: "dev.example.com",
        ...CATALOG_BASE,
        tenants: [{ name: "contoso", admins: ADMINS, egress: ["10.0.0.0/40"] }],
      },
      expected: [
        `stacks/dev.yaml: tenants[0].egress[0]: "10.0.0.0/40" is not a CIDR block: an IPv4 prefix length is 0 to 32`,
      ],
    },
    {
      name: "an environment without a catalog",
      config: { ...baseConfig, "tenancy:environment": "qa" },
      expected: ["tenancy:environment: catalog stacks/qa.yaml: not found"],
    },
  ];

  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        problemsOf(validate(c.config ?? baseConfig, c.catalog ?? baseCatalog)),
        c.expected,
      ),
    );
  }

  it("reports five different mistakes at once", () => {
    const config = { ...baseConfig, "tenancy:clustr": {}, "tenancy:allowlist": ["10.0.0.1/8"] };
    const catalog = {
      domain: "dev.example.com",
      ...CATALOG_BASE,
      tenants: [
        { name: "Acme_1", admins: ADMINS },
        { name: "fabrikam", admins: ADMINS, quota: { pods: "many" } },
        { name: "fabrikam", admins: ADMINS },
      ],
    };
    const problems = problemsOf(validate(config, catalog));
    assert.equal(problems.length, 5, problems.join("\n"));
    for (const path of [
      "tenancy:clustr",
      "tenancy:allowlist[0]",
      "tenants[0].name",
      "tenants[1].quota.pods",
      "tenants[2].name",
    ]) {
      assert.ok(
        problems.some((p) => p.includes(path)),
        `no problem names ${path}:\n${problems.join("\n")}`,
      );
    }
  });

  it("reports problems of every stage in one run, and none that follows from another", () => {
    // A key problem in the stack file, a tenant entry that does not parse, and rules that compare
    // values: an egress range inside the cluster, a tenant host taken twice, a volume over quota.
    const config = {
      ...baseConfig,
      "tenancy:clustr": {},
      "tenancy:organization": "not an organization!",
    };
    const catalog = {
      domain: "dev.example.com",
      ...CATALOG_BASE,
      tenants: [
        { name: "contoso", admins: ADMINS, egress: ["10.0.0.0/24"], host: "app.dev.example.com" },
        { name: "Bad_Name", admins: ADMINS },
        { name: "fabrikam", admins: ADMINS, host: "app.dev.example.com", databaseStorage: "1Ti" },
      ],
    };
    const result = validate(config, catalog);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => p.path).sort(), [
      "stacks/dev.yaml: tenants[0].egress[0]",
      "stacks/dev.yaml: tenants[1].name",
      "stacks/dev.yaml: tenants[2].databaseStorage",
      "stacks/dev.yaml: tenants[2].host",
      "tenancy:clustr",
      "tenancy:organization",
    ]);
  });

  it("takes a tenant whose entry is wrong for a tenant still: its secrets are not called strangers", () => {
    const catalog = {
      domain: "dev.example.com",
      ...CATALOG_BASE,
      tenants: [{ name: "contoso", admins: ADMINS, tier: "tiny" }],
    };
    const config = {
      ...baseConfig,
      "tenancy:tenantSecrets": { contoso: { licence: "bGljZW5jZQ==" } },
    };
    const result = validate(config, catalog, ["tenancy:tenantSecrets"]);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["stacks/dev.yaml: tenants[0].tier"],
    );
  });

  it("accepts a kubeconfig set as a secret and never repeats a secret value in a problem", () => {
    const secret = "apiVersion: v1 # very-secret-token";
    assert.equal(
      validate({ ...baseConfig, "tenancy:kubeconfig": secret }, baseCatalog, ["tenancy:kubeconfig"])
        .ok,
      true,
    );
    const refused = problemsOf(
      validate({ ...baseConfig, "tenancy:kubeconfig": secret, "tenancy:platform": "x" }),
    );
    assert.ok(refused.every((p) => !p.includes("very-secret-token")));
  });
});
