import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQuantity } from "../../stacks/fields/quantity";

describe("parseQuantity", () => {
  const table: [string, number | undefined][] = [
    ["500m", 0.5],
    ["2", 2],
    ["1.5", 1.5],
    ["4Gi", 4 * 2 ** 30],
    ["512Mi", 512 * 2 ** 20],
    ["1k", 1000],
    ["2e3", 2000],
    ["1Ti", 2 ** 40],
    ["", undefined],
    ["4GB", undefined],
    ["four", undefined],
    ["1.2.3", undefined],
    ["4 Gi", undefined],
  ];
  for (const [text, expected] of table) {
    it(`${JSON.stringify(text)} → ${String(expected)}`, () =>
      assert.equal(parseQuantity(text), expected));
  }
});
