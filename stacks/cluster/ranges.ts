import { cidrContains, cidrsOverlap, parseCidr } from "../fields/cidr";
import type { ClusterSpec } from "./spec";

/**
 * Address ranges inside a cluster that a tenant's internet egress must never reach: pods,
 * Services, nodes, the control plane, and the hosts' metadata endpoints.
 * NetworkPolicy `ipBlock` is meant for cluster-external addresses, yet Calico and Cilium match
 * pod addresses against it too, so an egress rule of `0.0.0.0/0` would otherwise include every
 * other tenant's pods.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */

/** Link-local addresses: the instance metadata services of Azure and Google Cloud (169.254.169.254). */
const LINK_LOCAL = "169.254.0.0/16";

/**
 * Azure's virtual public address for platform DNS and the host agent.
 * @see https://learn.microsoft.com/en-us/azure/virtual-network/what-is-ip-address-168-63-129-16
 */
const AZURE_HOST = "168.63.129.16/32";

/**
 * Address space of the virtual network AKS creates when none is given (nodes' addresses).
 * @see https://learn.microsoft.com/en-us/azure/aks/concepts-network-ip-address-planning
 */
export const AKS_MANAGED_VNET = "10.224.0.0/12";

export function clusterInternalRanges(cluster: ClusterSpec): string[] {
  switch (cluster.platform) {
    case "aks":
      return [
        cluster.network.podCidr,
        cluster.network.serviceCidr,
        AKS_MANAGED_VNET,
        LINK_LOCAL,
        AZURE_HOST,
      ];
    case "gke": {
      const { nodeCidr, podCidr, serviceCidr, masterCidr } = cluster.network;
      return [nodeCidr, podCidr, serviceCidr, masterCidr, LINK_LOCAL];
    }
    case "existing":
      return [...cluster.internalRanges, LINK_LOCAL];
    default: {
      const unreachable: never = cluster;
      throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
    }
  }
}

/** One egress destination of a tenant, as a NetworkPolicy ipBlock. */
export interface EgressBlock {
  readonly cidr: string;
  /** Internal ranges inside `cidr`, carved out of it. */
  readonly except: readonly string[];
}

export type EgressResult =
  | { readonly ok: true; readonly block: EgressBlock }
  | { readonly ok: false; readonly inside: string };

/**
 * The ipBlock for destination `cidr`: internal ranges within it become `except` entries; a
 * destination that lies inside an internal range is refused (it is not outside the cluster).
 * Two CIDR blocks are either nested or disjoint, so no other case exists.
 */
export function egressBlock(cidr: string, internalRanges: readonly string[]): EgressResult {
  const destination = parseCidr(cidr);
  if (!destination.ok) return { ok: true, block: { cidr, except: [] } };
  const except: string[] = [];
  for (const text of internalRanges) {
    const range = parseCidr(text);
    if (!range.ok || range.cidr.version !== destination.cidr.version) continue;
    if (cidrContains(range.cidr, destination.cidr)) return { ok: false, inside: text };
    if (cidrContains(destination.cidr, range.cidr)) except.push(text);
  }
  return { ok: true, block: { cidr, except } };
}

/**
 * Addresses no cluster range may hold: IPv6 (the clusters are IPv4 only), and IPv4's own
 * non-routable blocks (this network, loopback, link-local with the clouds' metadata service,
 * multicast and reserved).
 * @see https://www.rfc-editor.org/rfc/rfc6890 (special-purpose address blocks)
 */
const SPECIAL_IPV4 = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/3"].flatMap(
  (text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? [parsed.cidr] : [];
  },
);

/** Why a cluster's pod, Service or node range cannot be used, if it cannot. */
export function clusterRangeReason(text: string): string | undefined {
  const parsed = parseCidr(text);
  if (!parsed.ok) return undefined;
  if (parsed.cidr.version !== 4) return `${text} is IPv6: the cluster's ranges are IPv4`;
  const special = SPECIAL_IPV4.find((s) => cidrsOverlap(parsed.cidr, s));
  return special !== undefined
    ? `${text} overlaps ${special.text}, which is not routable for pods or nodes: choose a private range`
    : undefined;
}
