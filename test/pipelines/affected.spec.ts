import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { affectedStacks, type CatalogContent } from "../../scripts/pipelines/affected";
import { validateStack } from "../../stacks";
import { readStackConfig } from "../../stacks/secrets/stack-config";
import { readStackSummaries } from "../../stacks/secrets/stack-file";
import { REPO } from "../helpers/project";

/**
 * Which of the shipped stacks a pull request can change, from what it touches. The reference is
 * what each stack builds from: its validated spec before and after a catalog change (a cluster
 * stack's, without the tenants its shards run: their names and restores are what it reads).
 */

const stacks = readStackSummaries(REPO);
type Catalog = Record<string, unknown> & { tenants: Record<string, unknown>[] };
const prod = parse(fs.readFileSync(path.join(REPO, "stacks", "prod.yaml"), "utf8")) as Catalog;
const prodStacks = [...stacks]
  .filter(([, s]) => s.environment === "prod")
  .map(([n]) => n)
  .sort();

/** The shipped prod catalog with `edit` applied to a copy. */
function editProd(edit: (catalog: Catalog) => void): Catalog {
  const copy = structuredClone(prod);
  edit(copy);
  return copy;
}
const tenant = (catalog: Catalog, name: string) => {
  const found = catalog.tenants.find((t) => t.name === name);
  assert.ok(found, name);
  return found;
};
const catalogChange = (after: CatalogContent) => ({
  files: ["stacks/prod.yaml"],
  stacks,
  catalogs: new Map([["prod", { before: prod, after }]]),
});

/** What each prod stack builds from, with `catalog` as prod's catalog. */
function buildsFrom(catalog: Catalog): Map<string, string> {
  return new Map(
    prodStacks.map((stack) => {
      const source = readStackConfig(REPO, stack);
      assert.ok(source !== undefined && !("error" in source), stack);
      const result = validateStack({
        ...source,
        readCatalog: () => ({ path: "stacks/prod.yaml", content: catalog }),
        stackFiles: stacks,
        readStackConfig: (s) => readStackConfig(REPO, s),
      });
      assert.ok(result.ok, `${stack}: ${JSON.stringify(result.ok ? [] : result.problems)}`);
      if (result.role !== "cluster") return [stack, JSON.stringify(result.spec)];
      const { tenants, ...cluster } = result.spec;
      const read = tenants.map((t) => [t.name, t.restoreFrom ?? ""]).sort();
      return [stack, JSON.stringify({ cluster, read })];
    }),
  );
}

/** The stacks whose input `after` changes. */
function altered(after: Catalog): string[] {
  const before = buildsFrom(prod);
  const now = buildsFrom(after);
  return prodStacks.filter((stack) => before.get(stack) !== now.get(stack));
}

describe("stacks a change can alter", () => {
  it("none for docs and tests alone", () => {
    const files = ["docs/operations.md", "README.md", "test/render/restore.test.ts"];
    assert.deepEqual(affectedStacks({ files, stacks, catalogs: new Map() }), []);
  });

  it("every stack for the program, its packages or the policies", () => {
    for (const file of [
      "components/tenant/tenant.ts",
      "package-lock.json",
      "policy/index.ts",
      "Pulumi.yaml",
    ]) {
      assert.deepEqual(
        affectedStacks({ files: [file], stacks, catalogs: new Map() }),
        [...stacks.keys()].sort(),
        file,
      );
    }
  });

  it("a tenant moved to another shard: exactly the two shard stacks", () => {
    const [from, to] = ["a", "b"];
    const moving = prod.tenants.find((t) => t.shard === from);
    assert.ok(moving, `a tenant of shard ${from}`);
    const after = editProd((c) => (tenant(c, String(moving.name)).shard = to));
    const expected = altered(after);
    assert.equal(expected.length, 2, expected.join());
    assert.deepEqual(affectedStacks(catalogChange(after)), expected);
  });

  const changes: readonly (readonly [string, (c: Catalog) => void])[] = [
    ["a standby removed", (c) => (tenant(c, "contoso").standby = [])],
    ["a host changed", (c) => (tenant(c, "fabrikam").host = "fabrikam-portal.tenancy.example.com")],
    ["a tier changed in a shard", (c) => (tenant(c, "fabrikam").tier = "large")],
    ["a tier changed in a region stack", (c) => (tenant(c, "northwind").tier = "medium")],
    ["a restore dropped", (c) => delete tenant(c, "contoso").restoreFrom],
    ["a tenant removed", (c) => (c.tenants = c.tenants.filter((t) => t.name !== "northwind"))],
    [
      "a tenant added to a shard",
      (c) =>
        c.tenants.push({
          name: "adatum",
          region: "eastus",
          shard: "b",
          admins: { aks: "11111111-0000-0000-0000-0000000ad001", gke: "adatum@example.com" },
        }),
    ],
    ["the application", (c) => ((c.application as Record<string, unknown>).webReplicas = 2)],
  ];
  for (const [what, edit] of changes) {
    it(`${what}: every stack it alters, and only the stacks that run the tenant beside`, () => {
      const after = editProd(edit);
      const expected = altered(after);
      const affected = affectedStacks(catalogChange(after));
      assert.ok(expected.length > 0, "the change alters some stack");
      assert.deepEqual(
        expected.filter((s) => !affected.includes(s)),
        [],
        `missed; named ${affected.join(", ")}`,
      );
      // Named beyond those: only a region the tenant runs in, whose stack it was already in.
      for (const extra of affected.filter((s) => !expected.includes(s))) {
        assert.ok(!extra.endsWith("-global") && runsTenants(extra), `${extra} named for nothing`);
      }
    });
  }

  it("a cluster stack's file: that stack, its shards, and the global stack", () => {
    const files = ["Pulumi.prod-eastus.yaml"];
    const shards = prodStacks.filter((s) => stacks.get(s)?.role === "tenants");
    assert.ok(shards.length >= 2, shards.join());
    assert.deepEqual(
      affectedStacks({ files, stacks, catalogs: new Map() }),
      ["prod-eastus", ...shards, "prod-global"].sort(),
    );
  });

  it("a region stack's file: that stack and its environment's global stack", () => {
    const files = ["Pulumi.prod-westeurope.yaml"];
    assert.deepEqual(affectedStacks({ files, stacks, catalogs: new Map() }), [
      "prod-global",
      "prod-westeurope",
    ]);
  });
});

/** Whether `stack` runs some tenant of the shipped catalog. */
function runsTenants(stack: string): boolean {
  return prodStacks.includes(stack) && stacks.get(stack)?.role !== "global";
}
