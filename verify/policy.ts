import { cidrContains, parseCidr } from "../stacks/fields/cidr";
import { matchesSelector, type LabelSelector, type Labels } from "./selectors";

/**
 * Kubernetes NetworkPolicy semantics, as the API defines them, over plain objects: which
 * connections between endpoints the policies of a cluster allow. Pure; no Pulumi import.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

export interface IpBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IpBlock;
}

export interface PolicyPort {
  /** @default "TCP" */
  readonly protocol?: string;
  /** A number or the name of a container port; absent means every port. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface PolicyRule {
  /** `from` of an ingress rule or `to` of an egress rule; absent or empty means every peer. */
  readonly peers?: readonly PolicyPeer[];
  /** Absent or empty means every port. */
  readonly ports?: readonly PolicyPort[];
}

export interface NetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly ("Ingress" | "Egress")[];
  readonly ingress?: readonly { from?: readonly PolicyPeer[]; ports?: readonly PolicyPort[] }[];
  readonly egress?: readonly { to?: readonly PolicyPeer[]; ports?: readonly PolicyPort[] }[];
}

export interface NetworkPolicy {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: NetworkPolicySpec;
}

/** A pod, or an address outside the cluster. */
export type Endpoint =
  | {
      readonly kind: "pod";
      readonly namespace: string;
      readonly namespaceLabels: Labels;
      readonly labels: Labels;
      /** The pod's address, matched by ipBlock peers as Calico and Cilium do. */
      readonly ip?: string;
    }
  | { readonly kind: "external"; readonly ip: string };

/** A port the destination serves; `name` is its container port name, if any. */
export interface Port {
  readonly protocol: string;
  readonly port: number;
  readonly name?: string;
}

type Direction = "Ingress" | "Egress";

/**
 * The directions a policy isolates. Without `policyTypes`, Ingress always, and Egress only when
 * the policy has egress rules.
 */
export function policyTypes(spec: NetworkPolicySpec): readonly Direction[] {
  if (spec.policyTypes !== undefined && spec.policyTypes.length > 0) return spec.policyTypes;
  return spec.egress !== undefined && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Whether `ip` lies in `block.cidr` and outside its exceptions. */
export function addressIn(ip: string, block: IpBlock): boolean {
  const address = parseCidr(ip.includes(":") ? `${ip}/128` : `${ip}/32`);
  const range = parseCidr(block.cidr);
  if (!address.ok || !range.ok || !cidrContains(range.cidr, address.cidr)) return false;
  return !(block.except ?? []).some((text) => {
    const excluded = parseCidr(text);
    return excluded.ok && cidrContains(excluded.cidr, address.cidr);
  });
}

/**
 * Whether `peer`, in a policy of namespace `policyNamespace`, matches `endpoint`. A peer with
 * both selectors needs both to match one pod; a podSelector alone means the policy's namespace;
 * a namespaceSelector alone means every pod of the matching namespaces.
 */
export function peerMatches(
  peer: PolicyPeer,
  policyNamespace: string,
  endpoint: Endpoint,
): boolean {
  if (peer.ipBlock !== undefined) {
    const ip = endpoint.ip;
    return ip !== undefined && addressIn(ip, peer.ipBlock);
  }
  if (endpoint.kind !== "pod") return false;
  const namespaceOk =
    peer.namespaceSelector !== undefined
      ? matchesSelector(peer.namespaceSelector, endpoint.namespaceLabels)
      : endpoint.namespace === policyNamespace;
  const podOk =
    peer.podSelector !== undefined ? matchesSelector(peer.podSelector, endpoint.labels) : true;
  return namespaceOk && podOk;
}

/** Whether a rule's port list admits `port` of the destination. */
export function portMatches(ports: readonly PolicyPort[] | undefined, port: Port): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((rule) => {
    if ((rule.protocol ?? "TCP") !== port.protocol) return false;
    if (rule.port === undefined) return true;
    if (typeof rule.port === "string") return rule.port === port.name;
    if (rule.endPort !== undefined) return port.port >= rule.port && port.port <= rule.endPort;
    return rule.port === port.port;
  });
}

function selects(policy: NetworkPolicy, endpoint: Endpoint, direction: Direction): boolean {
  return (
    endpoint.kind === "pod" &&
    policy.metadata.namespace === endpoint.namespace &&
    matchesSelector(policy.spec.podSelector, endpoint.labels) &&
    policyTypes(policy.spec).includes(direction)
  );
}

/**
 * Whether the policies let `subject` (the selected pod) take part in a connection with `peer` in
 * `direction` on `port`: open when no policy isolates it that way, else when any rule admits.
 */
function admitted(
  policies: readonly NetworkPolicy[],
  subject: Endpoint,
  peer: Endpoint,
  port: Port,
  direction: Direction,
): boolean {
  const isolating = policies.filter((policy) => selects(policy, subject, direction));
  if (subject.kind !== "pod" || isolating.length === 0) return true;
  return isolating.some((policy) => {
    const rules =
      direction === "Ingress"
        ? (policy.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
        : (policy.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    return rules.some(
      (rule: PolicyRule) =>
        portMatches(rule.ports, port) &&
        (rule.peers === undefined ||
          rule.peers.length === 0 ||
          rule.peers.some((p) => peerMatches(p, policy.metadata.namespace, peer))),
    );
  });
}

/** Whether the destination's side lets `source` in on `port`, whatever the source's egress. */
export function ingressAllowed(
  policies: readonly NetworkPolicy[],
  source: Endpoint,
  destination: Endpoint,
  port: Port,
): boolean {
  return admitted(policies, destination, source, port, "Ingress");
}

/** Whether the source's side lets it out to `destination` on `port`, whatever the destination's ingress. */
export function egressAllowed(
  policies: readonly NetworkPolicy[],
  source: Endpoint,
  destination: Endpoint,
  port: Port,
): boolean {
  return admitted(policies, source, destination, port, "Egress");
}

/** Whether a connection from `source` to `destination` on `port` is allowed: egress and ingress. */
export function connectionAllowed(
  policies: readonly NetworkPolicy[],
  source: Endpoint,
  destination: Endpoint,
  port: Port,
): boolean {
  return (
    egressAllowed(policies, source, destination, port) &&
    ingressAllowed(policies, source, destination, port)
  );
}
