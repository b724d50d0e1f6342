import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { syntheticTenants } from "../scripts/bench/catalog";
import { maxDependencyDepth } from "../scripts/bench/depth";

/** The benchmark's own arithmetic, which its figures rest on. */

const r = (urn: string, ...dependencies: string[]) => ({ urn, dependencies });

describe("benchmark", () => {
  it("measures the longest dependency chain, not the number of dependencies", () => {
    assert.equal(maxDependencyDepth([]), 0);
    assert.equal(maxDependencyDepth([r("a"), r("b"), r("c")]), 1);
    assert.equal(maxDependencyDepth([r("a"), r("b", "a"), r("c", "b"), r("d", "a")]), 3);
    // A diamond is as deep as its longest side; a dependency outside the set is not counted.
    assert.equal(maxDependencyDepth([r("a"), r("b", "a"), r("c", "a", "b"), r("d", "c", "x")]), 4);
  });

  it("generates distinct tenants with the sizes asked for", () => {
    const tenants = syntheticTenants(1000);
    assert.equal(tenants.length, 1000);
    assert.equal(new Set(tenants.map((t) => t.name)).size, 1000);
    assert.equal(new Set(tenants.map((t) => JSON.stringify(t.egress))).size, 501);
  });
});
