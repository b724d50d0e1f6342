/**
 * CIDR blocks, parsed strictly: a network address with no host bits set, IPv4 or IPv6.
 * Cloud APIs (AKS authorized ranges, GKE master authorized networks) and NetworkPolicy ipBlock
 * all take this form; a block with host bits set is almost always a typo for the network.
 */

export interface Cidr {
  readonly version: 4 | 6;
  /** The address as a big integer, for containment and overlap checks. */
  readonly network: bigint;
  readonly prefix: number;
  readonly text: string;
}

export type CidrResult =
  { readonly ok: true; readonly cidr: Cidr } | { readonly ok: false; readonly reason: string };

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) return undefined;
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill("0"),
    ...tailGroups,
  ];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join(".");
}

/** Parses `text` as a CIDR block; the reason says what is wrong and how to fix it. */
export function parseCidr(text: string): CidrResult {
  const match = /^([^/]+)\/([0-9]{1,3})$/.exec(text);
  if (match === null) {
    return {
      ok: false,
      reason: `"${text}" is not a CIDR block: write an address and a prefix length, e.g. 203.0.113.0/24`,
    };
  }
  const [, address = "", prefixText = ""] = match;
  const v4 = parseIpv4(address);
  const version = v4 !== undefined ? 4 : 6;
  const network = v4 ?? parseIpv6(address);
  if (network === undefined) {
    return {
      ok: false,
      reason: `"${text}" is not a CIDR block: "${address}" is not an IPv4 or IPv6 address`,
    };
  }
  const bits = version === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) {
    return {
      ok: false,
      reason: `"${text}" is not a CIDR block: an IPv${version} prefix length is 0 to ${bits}`,
    };
  }
  const hostBits = BigInt(bits - prefix);
  const masked = (network >> hostBits) << hostBits;
  if (masked !== network) {
    const hint = version === 4 ? `; did you mean ${formatIpv4(masked)}/${prefix}?` : "";
    return { ok: false, reason: `"${text}" has host bits set after the /${prefix} prefix${hint}` };
  }
  return { ok: true, cidr: { version, network, prefix, text } };
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  const bits = BigInt(a.version === 4 ? 32 : 128);
  const shift = bits - BigInt(Math.min(a.prefix, b.prefix));
  return a.network >> shift === b.network >> shift;
}

/** True when `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && cidrsOverlap(outer, inner);
}

/** The first address of the block plus `offset`, as text (IPv4 only). */
export function ipv4At(cidr: Cidr, offset: number): string {
  return formatIpv4(cidr.network + BigInt(offset));
}
