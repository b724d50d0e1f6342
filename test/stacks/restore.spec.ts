import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { homes } from "../../stacks/catalog/homes";
import { ADDONS, ADMINS, GKE_CLUSTER } from "../helpers/tenants";
import { EXISTING_CLUSTER, linuxAksStack } from "../helpers/project";
import { problemsOf, validateConfig } from "../helpers/validate";

/**
 * `restoreFrom`: which instances start from a backup, and the stacks that cannot restore one,
 * refused before anything is created.
 */

const REGIONS = ["westeurope", "eastus", "europe-west1"];
const CATALOG = "stacks/prod.yaml";

describe("which instances restore", () => {
  const contoso = {
    name: "contoso",
    region: "westeurope",
    standby: ["eastus", "europe-west1"],
    restoreFrom: "westeurope",
  };
  const restoreAt = (region: string) =>
    homes(REGIONS, [contoso], region, "example.com", CATALOG).placements.get(0)?.restoreFrom;

  it("every instance but the one in the region restored from", () => {
    assert.equal(restoreAt("westeurope"), undefined);
    assert.equal(restoreAt("eastus"), "westeurope");
    assert.equal(restoreAt("europe-west1"), "westeurope");
  });

  it("the home too, once the tenant has moved away from the region restored from", () => {
    const moved = { ...contoso, region: "eastus", standby: ["westeurope"] };
    const placed = homes(REGIONS, [moved], "eastus", "example.com", CATALOG).placements.get(0);
    assert.deepEqual([placed?.role, placed?.restoreFrom], ["home", "westeurope"]);
  });

  it("refuses a region the catalog does not list, and a catalog without regions", () => {
    const unknown = homes(
      REGIONS,
      [{ ...contoso, restoreFrom: "uksouth" }],
      "eastus",
      "e.com",
      CATALOG,
    );
    assert.deepEqual(
      unknown.problems.map((p) => `${p.path}: ${p.reason}`),
      [
        'stacks/prod.yaml: tenants[0].restoreFrom: "uksouth" is not one of stacks/prod.yaml regions (westeurope, eastus, europe-west1)',
      ],
    );
    const single = { name: "a", standby: [], restoreFrom: "eastus" };
    assert.deepEqual(
      homes(undefined, [single], "eastus", "e.com", CATALOG).problems.map((p) => p.path),
      ["stacks/prod.yaml: tenants[0].restoreFrom"],
    );
  });
});

describe("a stack that restores a tenant", () => {
  const VELERO = { ...ADDONS, velero: { chartVersion: "12.1.0" } };
  const catalog = (restoreFrom: string, standby: string) => ({
    domain: "example.com",
    regions: ["westeurope", "eastus", "europe-west1", "europe-west4"],
    tenants: [
      { name: "contoso", admins: ADMINS, region: "westeurope", standby: [standby], restoreFrom },
    ],
  });
  const aks = (overrides: Record<string, unknown> = {}) => ({
    ...linuxAksStack({ kubernetesVersion: "1.35" }),
    "tenancy:region": "eastus",
    "tenancy:addons": VELERO,
    "tenancy:organization": "example-org",
    ...overrides,
  });

  it("is valid on the cloud of the region it restores from, with Velero and the stacks' owner", () => {
    const result = validateConfig(aks(), catalog("westeurope", "eastus"));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.equal(result.spec.tenants[0]?.restoreFrom, "westeurope");
  });

  const refusals: [
    string,
    Record<string, unknown>,
    ReturnType<typeof catalog>,
    string[],
    string[]?,
  ][] = [
    [
      "without the owner of the stacks it reads",
      aks({ "tenancy:organization": undefined }),
      catalog("westeurope", "eastus"),
      ["tenancy:organization"],
    ],
    [
      "without the Velero the program installs",
      aks({ "tenancy:addons": ADDONS }),
      catalog("westeurope", "eastus"),
      ["stacks/dev.yaml: tenants[0].restoreFrom"],
    ],
    [
      "from a region of another cloud",
      {
        "tenancy:environment": "test",
        "tenancy:platform": "gke",
        "tenancy:allowlist": ["203.0.113.0/24"],
        "tenancy:region": "europe-west4",
        "tenancy:addons": VELERO,
        "tenancy:organization": "example-org",
        "tenancy:cluster": GKE_CLUSTER,
      },
      catalog("westeurope", "europe-west4"),
      ["stacks/dev.yaml: tenants[0].restoreFrom"],
    ],
    [
      "into an existing cluster",
      {
        "tenancy:environment": "test",
        "tenancy:platform": "existing",
        "tenancy:region": "eastus",
        "tenancy:addons": ADDONS,
        "tenancy:organization": "example-org",
        "tenancy:cluster": EXISTING_CLUSTER,
      },
      catalog("westeurope", "eastus"),
      ["stacks/dev.yaml: tenants[0].restoreFrom"],
    ],
    [
      "with a database password of its own, which the restored database does not have",
      aks({ "tenancy:tenantSecrets": { contoso: { databasePassword: "S3cret-but-wrong" } } }),
      catalog("westeurope", "eastus"),
      ["tenancy:tenantSecrets.contoso.databasePassword"],
      ["tenancy:tenantSecrets"],
    ],
  ];
  it("refuses a name whose backups' schedule would be too long for Velero's labels", () => {
    // 63 characters is a valid namespace, but "<namespace>-eastus" is not a label value.
    const long = "c".repeat(60);
    const entries = catalog("westeurope", "eastus");
    const tenant = { ...entries.tenants[0], name: long };
    const result = validateConfig(aks(), { ...entries, tenants: [tenant] });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["stacks/dev.yaml: tenants[0].name", "stacks/dev.yaml: tenants[0].name"],
    );
    assert.match(result.problems[0]?.reason ?? "", /in eastus .* longer than the 63 characters/);
  });

  for (const [what, config, entries, paths, secretKeys] of refusals) {
    it(`is refused ${what}, at the key to change`, () => {
      const result = validateConfig(config, entries, secretKeys);
      assert.ok(!result.ok);
      assert.deepEqual(
        result.problems.map((p) => p.path),
        paths,
      );
      const problems = problemsOf(result);
      assert.ok(problems.every((p) => !p.includes("S3cret")));
    });
  }
});
