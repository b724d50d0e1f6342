import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { cidrContains, cidrsOverlap, parseCidr } from "../../stacks/fields/cidr";

describe("parseCidr", () => {
  const valid = [
    "10.0.0.0/8",
    "203.0.113.7/32",
    "0.0.0.0/0",
    "192.168.0.0/16",
    "fd00::/8",
    "2001:db8::/32",
    "::/0",
    "::1/128",
  ];
  for (const text of valid) {
    it(`accepts ${text}`, () => assert.equal(parseCidr(text).ok, true));
  }

  const invalid: [string, string][] = [
    [
      "10.0.0.0",
      `"10.0.0.0" is not a CIDR block: write an address and a prefix length, e.g. 203.0.113.0/24`,
    ],
    ["10.0.0.0/33", `"10.0.0.0/33" is not a CIDR block: an IPv4 prefix length is 0 to 32`],
    ["10.0.0.1/8", `"10.0.0.1/8" has host bits set after the /8 prefix; did you mean 10.0.0.0/8?`],
    [
      "256.0.0.0/8",
      `"256.0.0.0/8" is not a CIDR block: "256.0.0.0" is not an IPv4 or IPv6 address`,
    ],
    ["10.0.0/8", `"10.0.0/8" is not a CIDR block: "10.0.0" is not an IPv4 or IPv6 address`],
    [
      "010.0.0.0/8",
      `"010.0.0.0/8" is not a CIDR block: "010.0.0.0" is not an IPv4 or IPv6 address`,
    ],
    [
      "fd00::1::/64",
      `"fd00::1::/64" is not a CIDR block: "fd00::1::" is not an IPv4 or IPv6 address`,
    ],
    ["fd00::/129", `"fd00::/129" is not a CIDR block: an IPv6 prefix length is 0 to 128`],
  ];
  for (const [text, reason] of invalid) {
    it(`refuses ${text} and says why`, () =>
      assert.deepEqual(parseCidr(text), { ok: false, reason }));
  }

  it("accepts every IPv4 network address and refuses it with any host bit set", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 32 }),
        (address, prefix) => {
          const network = prefix === 0 ? 0 : (address >>> (32 - prefix)) * 2 ** (32 - prefix);
          const text = (n: number): string =>
            [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
          assert.equal(parseCidr(`${text(network)}/${prefix}`).ok, true);
          assert.equal(parseCidr(`${text(address)}/${prefix}`).ok, address === network);
        },
      ),
    );
  });
});

describe("CIDR relations", () => {
  const cidr = (text: string) => {
    const parsed = parseCidr(text);
    assert.ok(parsed.ok);
    return parsed.cidr;
  };
  it("finds overlap and containment", () => {
    assert.equal(cidrsOverlap(cidr("10.0.0.0/8"), cidr("10.244.0.0/16")), true);
    assert.equal(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/16")), false);
    assert.equal(cidrContains(cidr("10.0.0.0/8"), cidr("10.244.0.0/16")), true);
    assert.equal(cidrContains(cidr("10.244.0.0/16"), cidr("10.0.0.0/8")), false);
    assert.equal(cidrsOverlap(cidr("10.0.0.0/8"), cidr("fd00::/8")), false);
  });
});
