import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { manifestYaml } from "../../scripts/render/yaml-emit";
import { shippedStacks } from "../../scripts/render/shipped";
import { REPO } from "../helpers/project";
import { rendered } from "../helpers/render";

/** The render's YAML writer writes what the `yaml` library writes, byte for byte. */

const library = (value: unknown): string => stringify(value, { lineWidth: 0 });

/** Strings manifests hold, and strings YAML would read as something else. */
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom("true", "no", "null", "~", "1.30", "0x1F", "-", "a: b", "#x", "x #y", " a", ""),
  fc.stringMatching(/^[a-z0-9./:_-]{1,20}$/),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    tricky,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(tricky, tie("node"), { maxKeys: 4 }),
  ),
})).node;

describe("the render's YAML", () => {
  it("is the library's for any map of JSON values", () => {
    fc.assert(
      fc.property(fc.dictionary(tricky, value, { maxKeys: 6 }), (manifest) => {
        assert.equal(manifestYaml(manifest), library(manifest));
      }),
      { numRuns: 2000 },
    );
  });

  it("is the library's for every object of every shipped stack", () => {
    for (const stack of shippedStacks(REPO)) {
      for (const object of rendered(stack).objects) {
        assert.equal(manifestYaml(object), library(object), `${stack}: ${object.kind}`);
      }
    }
  });
});
