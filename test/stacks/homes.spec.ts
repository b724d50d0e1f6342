import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { homes } from "../../stacks/catalog/homes";

/** Which region stack runs which tenant, and what a catalog gets wrong about it. */

const REGIONS = ["westeurope", "eastus", "europe-west1"];
const CATALOG = "stacks/prod.yaml";
const entry = (name: string, region?: string, standby: string[] = []) => ({
  name,
  ...(region !== undefined ? { region } : {}),
  standby,
});

describe("homes", () => {
  const tenants = [entry("contoso", "westeurope", ["eastus"]), entry("fabrikam", "eastus")];

  it("runs a tenant at home, in its standby regions, and nowhere else", () => {
    const at = (region: string) =>
      [...homes(REGIONS, tenants, region, "example.com", CATALOG).placements].map(([index, p]) => [
        tenants[index]?.name,
        p.role,
        p.regionalHost,
      ]);
    assert.deepEqual(at("westeurope"), [["contoso", "home", "contoso.westeurope.example.com"]]);
    assert.deepEqual(at("eastus"), [
      ["contoso", "standby", "contoso.eastus.example.com"],
      ["fabrikam", "home", "fabrikam.eastus.example.com"],
    ]);
    assert.deepEqual(at("europe-west1"), []);
  });

  it("runs every tenant as home, with no regional host, when the catalog lists no regions", () => {
    const placed = homes(undefined, [entry("a"), entry("b")], "westeurope", "example.com", CATALOG);
    assert.deepEqual(
      [...placed.placements.values()],
      [
        { role: "home", home: "westeurope" },
        { role: "home", home: "westeurope" },
      ],
    );
    assert.deepEqual(placed.problems, []);
  });

  it("defaults the home to the catalog's only region", () => {
    const placed = homes(["eastus"], [entry("a")], "eastus", "example.com", CATALOG);
    assert.equal(placed.placements.get(0)?.home, "eastus");
  });

  const refusals: [string, string[] | undefined, ReturnType<typeof entry>[], string, string[]][] = [
    [
      "a region without the catalog's list",
      undefined,
      [entry("a", "eastus")],
      "eastus",
      [
        "stacks/prod.yaml: tenants[0].region: list the environment's regions first: add regions: [eastus, …] to stacks/prod.yaml",
      ],
    ],
    [
      "a stack whose region the catalog does not list",
      REGIONS,
      [],
      "northeurope",
      [
        'tenancy:region: "northeurope" is not one of stacks/prod.yaml regions (westeurope, eastus, europe-west1): add it there, so tenants can name it',
      ],
    ],
    [
      "no home among several regions",
      REGIONS,
      [entry("a")],
      "eastus",
      [
        "stacks/prod.yaml: tenants[0].region: required: the tenant's home region, one of stacks/prod.yaml regions (westeurope, eastus, europe-west1)",
      ],
    ],
    [
      "an unknown home and standby, and a standby at home",
      REGIONS,
      [entry("a", "uksouth", ["eastus2"]), entry("b", "eastus", ["eastus"])],
      "eastus",
      [
        'stacks/prod.yaml: tenants[0].region: "uksouth" is not one of stacks/prod.yaml regions (westeurope, eastus, europe-west1)',
        'stacks/prod.yaml: tenants[0].standby[0]: "eastus2" is not one of stacks/prod.yaml regions (westeurope, eastus, europe-west1)',
        'stacks/prod.yaml: tenants[1].standby[0]: "eastus" is the tenant\'s home region: a standby runs elsewhere, remove it',
      ],
    ],
  ];
  for (const [name, regions, entries, region, expected] of refusals) {
    it(`refuses ${name}`, () => {
      const { problems } = homes(regions, entries, region, "example.com", CATALOG);
      assert.deepEqual(
        problems.map((p) => `${p.path}: ${p.reason}`),
        expected,
      );
    });
  }
});
