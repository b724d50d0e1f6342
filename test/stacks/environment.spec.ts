import type { StackFileSummary } from "../../stacks/fields/input";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { environmentHostProblems, regionStackProblems } from "../../stacks/global/environment";

/** What only the global stack sees: hosts across every region, and each region's stack file. */

const DOMAIN = "tenancy.example.com";
const REGIONS = ["westeurope", "eastus"];
const CATALOG = "stacks/prod.yaml";
const tenant = (name: string, regions: string[], host = `${name}.${DOMAIN}`) => ({
  name,
  host,
  regions,
});
const hostProblems = (tenants: ReturnType<typeof tenant>[]) =>
  environmentHostProblems(tenants, DOMAIN, REGIONS, DOMAIN, CATALOG).map(
    (p) => `${p.path}: ${p.reason.split(":")[0] ?? ""}`,
  );

describe("hosts across an environment", () => {
  it("accepts tenants of different regions on hosts of their own", () => {
    assert.deepEqual(
      hostProblems([tenant("a", ["westeurope"]), tenant("b", ["eastus"], "portal.b.example.com")]),
      [],
    );
  });

  it("refuses, at the later tenant's host, two tenants of different regions on one host", () => {
    const found = environmentHostProblems(
      [
        tenant("a", ["westeurope"], "app.tenancy.example.com"),
        tenant("b", ["eastus"], "app.tenancy.example.com"),
      ],
      DOMAIN,
      REGIONS,
      DOMAIN,
      CATALOG,
    );
    assert.deepEqual(
      found.map((p) => p.path),
      ["stacks/prod.yaml: tenants[1].host"],
    );
    assert.match(found[0]?.reason ?? "", /tenants\[0\] \(a\), in westeurope/);
  });

  const refused: [string, string][] = [
    ["another tenant's regional host", `b.eastus.${DOMAIN}`],
    ["a region's own name", `westeurope.${DOMAIN}`],
    ["the zone's apex", DOMAIN],
  ];
  for (const [what, host] of refused) {
    it(`refuses a host on ${what}`, () => {
      const found = hostProblems([tenant("a", ["westeurope"], host), tenant("b", ["eastus"])]);
      assert.deepEqual(
        found.map((p) => p.split(": ")[1]),
        ["tenants[0].host"],
      );
    });
  }
});

describe("stack files of an environment's regions", () => {
  const files = (names: string[]) =>
    new Map(
      names.map((n) => [
        n,
        n.endsWith("-global")
          ? { environment: "prod", role: "global" }
          : { environment: n.split("-")[0] ?? "" },
      ]),
    );

  it("accepts one stack file per catalog region, besides the global stack and other environments", () => {
    const stacks = files(["prod-westeurope", "prod-eastus", "prod-global", "dev"]);
    assert.deepEqual(regionStackProblems("prod", REGIONS, stacks, CATALOG), []);
  });

  it("names a stack file whose region or environment is not the one its name says", () => {
    const stacks = new Map([
      ["prod-westeurope", { environment: "prod", region: "westeurope" }],
      ["prod-eastus", { environment: "prod", region: "westeurope" }],
    ]);
    assert.deepEqual(
      regionStackProblems("prod", REGIONS, stacks, CATALOG).map((p) => p.path),
      ["Pulumi.prod-eastus.yaml: tenancy:region"],
    );
    const other = new Map([
      ["prod-westeurope", { environment: "prod" }],
      ["prod-eastus", { environment: "dev" }],
    ]);
    assert.deepEqual(
      regionStackProblems("prod", REGIONS, other, CATALOG).map((p) => p.path),
      ["Pulumi.prod-eastus.yaml: tenancy:environment"],
    );
  });

  it("accepts a region split into shards, and names the shard stacks that break the split", () => {
    const shard = (region: string, name: string) => ({
      environment: "prod",
      role: "tenants",
      region,
      shard: name,
    });
    const split = new Map<string, StackFileSummary>([
      ["prod-westeurope", { environment: "prod", role: "cluster", region: "westeurope" }],
      ["prod-eastus", { environment: "prod", region: "eastus" }],
      ["prod-westeurope-tenants-a", shard("westeurope", "a")],
    ]);
    assert.deepEqual(regionStackProblems("prod", REGIONS, split, CATALOG), []);
    const broken = new Map([
      ...split,
      // Named for shard b, its keys say shard a: both files would run shard a's tenants.
      ["prod-westeurope-tenants-b", shard("westeurope", "a")],
      // A shard of a region whose own stack runs its tenants too.
      ["prod-eastus-tenants-a", shard("eastus", "a")],
    ]);
    assert.deepEqual(
      regionStackProblems("prod", REGIONS, broken, CATALOG).map((p) => p.path),
      ["Pulumi.prod-eastus.yaml: tenancy:role", "Pulumi.prod-westeurope-tenants-b.yaml"],
    );
  });

  it("names a catalog region without a stack file, and a stack file without a region", () => {
    const stacks = files(["prod-westeurope", "prod-uksouth", "prod-global"]);
    assert.deepEqual(
      regionStackProblems("prod", REGIONS, stacks, CATALOG).map((p) => p.path),
      ["stacks/prod.yaml: regions[1]", "Pulumi.prod-uksouth.yaml"],
    );
  });
});
