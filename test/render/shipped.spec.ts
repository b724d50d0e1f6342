import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderProblems, shippedStacks } from "../../scripts/render/shipped";
import { REPO } from "../helpers/project";
import { renderOk } from "../helpers/render";

/** Every stack the repository ships renders, proves isolation and passes the policy pack. */

describe("the shipped stacks", () => {
  const stacks = shippedStacks(REPO);

  it("are the dev stack and prod's regions and global stack", () => {
    assert.ok(stacks.includes("dev") && stacks.includes("prod-global"), stacks.join(", "));
  });

  for (const stack of stacks) {
    it(`${stack} renders with no violation, failed guardrail or policy`, async () => {
      assert.deepEqual(await renderProblems(stack, renderOk(stack)), []);
    });
  }
});
