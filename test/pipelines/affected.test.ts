import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { affectedStacks, type CatalogContent } from "../../scripts/pipelines/affected";
import { readStackSummaries } from "../../stacks/secrets/stack-file";
import { REPO } from "../helpers/project";

/** Which of the shipped stacks a pull request can change, from what it touches. */

const stacks = readStackSummaries(REPO);
const prod = parse(fs.readFileSync(path.join(REPO, "stacks", "prod.yaml"), "utf8")) as Record<
  string,
  unknown
> & { tenants: Record<string, unknown>[] };
const prodStacks = [...stacks]
  .filter(([, s]) => s.environment === "prod")
  .map(([n]) => n)
  .sort();

/** The shipped prod catalog with `edit` applied to a copy. */
function editProd(edit: (catalog: typeof prod) => void): CatalogContent {
  const copy = structuredClone(prod);
  edit(copy);
  return copy;
}
const tenant = (catalog: typeof prod, name: string) => {
  const found = catalog.tenants.find((t) => t.name === name);
  assert.ok(found, name);
  return found;
};
const catalogChange = (after: CatalogContent) => ({
  files: ["stacks/prod.yaml"],
  stacks,
  catalogs: new Map([["prod", { before: prod, after }]]),
});

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

  it("a tenant's standby removed: the stacks of its regions, before and after, and no other", () => {
    const after = editProd((c) => (tenant(c, "contoso").standby = []));
    const contoso = tenant(prod, "contoso");
    const regions = [contoso.region, ...(contoso.standby as string[])].map(
      (r) => `prod-${String(r)}`,
    );
    assert.deepEqual(affectedStacks(catalogChange(after)), regions.sort());
  });

  it("a tenant's host changed: its stacks and the environment's global stack", () => {
    const after = editProd((c) => (tenant(c, "fabrikam").host = "portal.fabrikam.example.com"));
    assert.deepEqual(
      affectedStacks(catalogChange(after)),
      [`prod-${String(tenant(prod, "fabrikam").region)}`, "prod-global"].sort(),
    );
  });

  it("the application every tenant runs: every stack of the environment, and no other's", () => {
    const after = editProd((c) => ((c.application as Record<string, unknown>).webReplicas = 2));
    assert.deepEqual(affectedStacks(catalogChange(after)), prodStacks);
  });

  it("a stack file: that stack and its environment's global stack", () => {
    const files = ["Pulumi.prod-eastus.yaml"];
    assert.deepEqual(affectedStacks({ files, stacks, catalogs: new Map() }), [
      "prod-eastus",
      "prod-global",
    ]);
  });
});
