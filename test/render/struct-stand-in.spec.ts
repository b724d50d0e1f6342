import "../../scripts/render/fast-start";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";

/**
 * A render's Struct (scripts/render/fast-start.ts) holds a registration's value as it is: the
 * mock engine must read what the protobuf encoding would have carried, and refuse what it refuses.
 */

/** The value protobuf would carry: encoded (which reading the fields forces), then decoded. */
function throughProtobuf(struct: Struct): Record<string, unknown> {
  struct.getFieldsMap();
  return Struct.prototype.toJavaScript.call(struct);
}

describe("the render's protobuf Struct", () => {
  it("reads as what the protobuf encoding carries, for any JSON object", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const struct = Struct.fromJavaScript(value);
        // As text: the same keys, in the same order, with the same values.
        assert.equal(
          JSON.stringify(struct.toJavaScript()),
          JSON.stringify(throughProtobuf(struct)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("carries the value as it was when encoded, and decodes to a copy each time", () => {
    const value = { replicas: 2, labels: { tier: "small" } };
    const struct = Struct.fromJavaScript(value);
    value.replicas = 3;
    value.labels.tier = "large";
    const first = struct.toJavaScript();
    assert.deepEqual(
      first,
      throughProtobuf(Struct.fromJavaScript({ replicas: 2, labels: { tier: "small" } })),
    );
    assert.deepEqual(struct.toJavaScript(), first);
    assert.notEqual(struct.toJavaScript(), first);
  });

  it("refuses what the protobuf encoding refuses, anywhere in the value", () => {
    for (const leaf of [undefined, () => 1]) {
      // protobuf's own encoder of a single value, which the render leaves as it is.
      assert.throws(() => Value.fromJavaScript(leaf as never));
      for (const value of [{ leaf }, { nested: { deeper: [1, leaf] } }]) {
        assert.throws(() => Struct.fromJavaScript(value as never));
      }
    }
    // eslint-disable-next-line no-sparse-arrays -- a hole in an array reads as undefined
    assert.throws(() => Struct.fromJavaScript({ holes: [1, , 3] }));
  });
});
