import { CLUSTER_DNS, HTTP01_SOLVER, type SystemPods } from "../components/cluster/system-pods";
import { EDGE_CONTROLLER, EDGE_PROXY } from "../components/cluster/gateway";
import { ipv4At, parseCidr } from "../stacks/fields/cidr";
import { ALLOWED, NAMESPACE_NAME_LABEL } from "../components/labels";
import type { Inventory, KubernetesObject } from "./inventory";
import {
  addressIn,
  egressAllowed,
  ingressAllowed,
  policyTypes,
  type Endpoint,
  type IpBlock,
  type NetworkPolicy,
  type Port,
} from "./policy";
import { matchesSelector, type LabelSelector, type Labels } from "./selectors";

/**
 * Which workloads may open a connection to which, on which port, by the NetworkPolicy semantics
 * of `policy.ts`, over every pair of pods in the objects plus the cluster's own pods (DNS, the
 * Gateway's proxies and controller) and addresses outside the cluster. Pure; no Pulumi import.
 *
 * Assumptions, stated because CNIs differ:
 * - an ipBlock peer matches addresses outside the cluster only (the Kubernetes docs mean it for
 *   those; whether it also matches pod addresses is up to the CNI). A pod reached by address is
 *   still guarded by its own ingress policy, which this analysis does judge;
 * - a container may listen on ports it does not declare: `TCP/*` and `UDP/*` stand for "every
 *   port", found whenever a rule admits a protocol without naming a port;
 * - the cluster's own pods have no policies unless the objects hold some for their namespace.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

export interface Flow {
  /** `<namespace>/<workload>`, or `external/<cidr>` / `external/internet` outside the cluster. */
  readonly from: string;
  readonly to: string;
  /** `TCP/443`, or `TCP/*` for every port of the protocol. */
  readonly port: string;
}

/** The outside world when no ipBlock narrows it: a documentation address, routed nowhere. */
export const INTERNET = { id: "external/internet", ip: "203.0.113.10" } as const;

interface Party {
  readonly id: string;
  readonly endpoint: Endpoint;
  readonly ports: readonly Port[];
}

/** Every port of a protocol: matched only by a rule that names no port. */
const ANY_PORT = (protocol: string): Port => ({ protocol, port: 0 });
const SENTINELS = [ANY_PORT("TCP"), ANY_PORT("UDP")];
const portLabel = (port: Port): string =>
  `${port.protocol}/${port.port === 0 ? "*" : String(port.port)}`;

/** Pods the cluster runs that are not among the objects the analysis reads. */
const SYSTEM_PODS: readonly SystemPods[] = [CLUSTER_DNS, EDGE_PROXY, EDGE_CONTROLLER];

export function reachability(inventory: Inventory): Flow[] {
  const byNamespace = new Map<string, NetworkPolicy[]>();
  for (const policy of inventory.policies) {
    const list = byNamespace.get(policy.metadata.namespace) ?? [];
    list.push(policy);
    byNamespace.set(policy.metadata.namespace, list);
  }
  const workloads = workloadParties(inventory);
  // Pods where the platform enforces no NetworkPolicy: open whatever the policies say.
  const unpoliced = new WeakSet<Endpoint>(
    workloads
      .filter((_, i) => unpolicedWorkload(inventory, inventory.workloads[i]))
      .map((p) => p.endpoint),
  );
  const policiesOf = (endpoint: Endpoint): readonly NetworkPolicy[] =>
    endpoint.kind === "pod" && !unpoliced.has(endpoint)
      ? (byNamespace.get(endpoint.namespace) ?? [])
      : [];
  const subjects = [...workloads, ...solverParties(inventory)];
  const known = new Set(subjects.map((s) => s.id));
  const system = SYSTEM_PODS.map((pods) => systemParty(inventory, pods)).filter(
    (party) => !known.has(party.id),
  );

  const flows: Flow[] = [];
  const connect = (source: Party, destination: Party): void => {
    const egress = policiesOf(source.endpoint);
    const ingress = policiesOf(destination.endpoint);
    const allowed = candidatePorts(destination, egress, ingress).filter(
      (port) =>
        egressAllowed(egress, source.endpoint, destination.endpoint, port) &&
        ingressAllowed(ingress, source.endpoint, destination.endpoint, port),
    );
    const everyPort = new Set(allowed.filter((p) => p.port === 0).map((p) => p.protocol));
    const ports = new Set(
      allowed.filter((p) => p.port === 0 || !everyPort.has(p.protocol)).map(portLabel),
    );
    for (const port of ports) flows.push({ from: source.id, to: destination.id, port });
  };

  // Only pairs whose namespaces the policies could admit at all: with default deny in every
  // namespace this keeps the analysis linear in the number of tenants, not quadratic.
  const parties = [...subjects, ...system];
  const reach = namespaceReach(parties, policiesOf);
  const inNamespace = new Map<string, Party[]>();
  for (const party of parties) {
    const namespace = party.endpoint.kind === "pod" ? party.endpoint.namespace : "";
    const members = inNamespace.get(namespace);
    if (members === undefined) inNamespace.set(namespace, [party]);
    else members.push(party);
  }
  for (const destination of parties) {
    const from = reach(destination, "Ingress");
    const sources = from === "any" ? parties : [...from].flatMap((n) => inNamespace.get(n) ?? []);
    for (const source of sources) {
      const to = reach(source, "Egress");
      const namespace = destination.endpoint.kind === "pod" ? destination.endpoint.namespace : "";
      const egressMayMatch = to === "any" || to.has(namespace);
      if (egressMayMatch && (known.has(source.id) || known.has(destination.id))) {
        connect(source, destination);
      }
    }
  }
  for (const subject of subjects) {
    for (const outside of outsideParties(subject, policiesOf(subject.endpoint), "Egress")) {
      connect(subject, outside);
    }
    for (const outside of outsideParties(subject, policiesOf(subject.endpoint), "Ingress")) {
      connect(outside, subject);
    }
  }
  return sortFlows(flows);
}

/** The namespace part of a flow's `from` or `to` (`external` outside the cluster). */
export const namespaceOfEnd = (id: string): string => id.slice(0, id.indexOf("/"));

/**
 * The namespaces whose pods a party's policies could admit in `direction`: "any" when no policy
 * isolates it that way or a rule admits every peer; otherwise the namespaces its peers' selectors
 * name (a podSelector alone names the policy's own). ipBlock peers name no pod. A superset of the
 * real peers, so pruning by it never hides a flow.
 */
function namespaceReach(
  parties: readonly Party[],
  policiesOf: (endpoint: Endpoint) => readonly NetworkPolicy[],
): (party: Party, direction: "Ingress" | "Egress") => ReadonlySet<string> | "any" {
  // Every namespace a party lives in, with its labels: the objects' and the system pods' own.
  const namespaces = [
    ...new Map(
      parties.flatMap(({ endpoint: e }) =>
        e.kind === "pod"
          ? [[e.namespace, { name: e.namespace, labels: e.namespaceLabels }] as const]
          : [],
      ),
    ).values(),
  ];
  const bySelector = new Map<string, Set<string>>();
  const matching = (selector: LabelSelector): Set<string> => {
    const key = JSON.stringify(selector);
    let found = bySelector.get(key);
    if (found === undefined) {
      found = new Set(
        namespaces.filter((n) => matchesSelector(selector, n.labels)).map((n) => n.name),
      );
      bySelector.set(key, found);
    }
    return found;
  };
  return (party, direction) => {
    const endpoint = party.endpoint;
    if (endpoint.kind !== "pod") return "any";
    const isolating = policiesOf(endpoint).filter(
      (p) =>
        matchesSelector(p.spec.podSelector, endpoint.labels) &&
        policyTypes(p.spec).includes(direction),
    );
    if (isolating.length === 0) return "any";
    const reached = new Set<string>();
    for (const policy of isolating) {
      const rules =
        direction === "Ingress"
          ? (policy.spec.ingress ?? []).map((r) => r.from)
          : (policy.spec.egress ?? []).map((r) => r.to);
      for (const peers of rules) {
        if (peers === undefined || peers.length === 0) return "any";
        for (const peer of peers) {
          if (peer.ipBlock !== undefined) continue;
          if (peer.namespaceSelector === undefined) reached.add(policy.metadata.namespace);
          else for (const name of matching(peer.namespaceSelector)) reached.add(name);
        }
      }
    }
    return reached;
  };
}

/** Flows by each namespace they touch (from or to), built once instead of filtered per namespace. */
export function flowsByNamespace(flows: readonly Flow[]): Map<string, Flow[]> {
  const by = new Map<string, Flow[]>();
  for (const flow of flows) {
    for (const namespace of new Set([namespaceOfEnd(flow.from), namespaceOfEnd(flow.to)])) {
      const list = by.get(namespace);
      if (list === undefined) by.set(namespace, [flow]);
      else list.push(flow);
    }
  }
  return by;
}

export function sortFlows(flows: readonly Flow[]): Flow[] {
  const key = (f: Flow): string => `${f.from}\u0000${f.to}\u0000${f.port}`;
  const unique = new Map(flows.map((f) => [key(f), f]));
  return [...unique.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function podEndpoint(inventory: Inventory, namespace: string, labels: Labels): Endpoint {
  const namespaceLabels = inventory.namespaces.get(namespace)?.labels ?? {
    [NAMESPACE_NAME_LABEL]: namespace,
  };
  return { kind: "pod", namespace, namespaceLabels, labels };
}

function workloadParties(inventory: Inventory): Party[] {
  return inventory.workloads.map((w) => ({
    id: w.id,
    endpoint: podEndpoint(inventory, w.namespace, w.labels),
    ports: w.ports,
  }));
}

/**
 * Whether a workload's pods run on nodes where its namespace says NetworkPolicy is not enforced
 * (`tenancy.dev/unpoliced-os`), by the OS the pods ask for.
 */
export function unpolicedWorkload(
  inventory: Inventory,
  workload: Inventory["workloads"][number] | undefined,
): boolean {
  if (workload === undefined) return false;
  const listed = inventory.namespaces.get(workload.namespace)?.annotations[ALLOWED.unpolicedOs];
  if (listed === undefined || listed === "") return false;
  const spec = workload.spec as { os?: { name?: string }; nodeSelector?: Record<string, string> };
  const os = spec.os?.name ?? spec.nodeSelector?.["kubernetes.io/os"] ?? "linux";
  return listed.split(",").includes(os);
}

function systemParty(inventory: Inventory, pods: SystemPods): Party {
  return {
    id: `${pods.namespace}/${pods.workload}`,
    endpoint: podEndpoint(inventory, pods.namespace, pods.podLabels),
    ports: pods.ports,
  };
}

/**
 * cert-manager starts a solver pod beside each Certificate whose issuer answers ACME HTTP-01
 * challenges; it is not among the objects, so it is stood in for here.
 */
function solverParties(inventory: Inventory): Party[] {
  const http01Issuers = new Set(
    inventory.objects
      .filter((o) => (o.kind === "ClusterIssuer" || o.kind === "Issuer") && solvesHttp01(o))
      .map((o) => issuerKey(o.kind ?? "", o.metadata?.namespace, o.metadata?.name ?? "")),
  );
  const namespaces = new Set<string>();
  for (const certificate of inventory.objects.filter((o) => o.kind === "Certificate")) {
    const namespace = certificate.metadata?.namespace ?? "default";
    const ref = (certificate.spec as { issuerRef?: { kind?: string; name?: string } } | undefined)
      ?.issuerRef;
    const kind = ref?.kind ?? "Issuer";
    const key = issuerKey(kind, kind === "Issuer" ? namespace : undefined, ref?.name ?? "");
    if (http01Issuers.has(key)) namespaces.add(namespace);
  }
  return [...namespaces].sort().map((namespace) => ({
    id: `${namespace}/${HTTP01_SOLVER.workload}`,
    endpoint: podEndpoint(inventory, namespace, HTTP01_SOLVER.podLabels),
    ports: [{ protocol: "TCP", port: HTTP01_SOLVER.port, name: "http" }],
  }));
}

const issuerKey = (kind: string, namespace: string | undefined, name: string): string =>
  kind === "ClusterIssuer" ? `ClusterIssuer/${name}` : `Issuer/${namespace ?? "default"}/${name}`;

function solvesHttp01(issuer: KubernetesObject): boolean {
  const solvers = (issuer.spec as { acme?: { solvers?: { http01?: unknown }[] } } | undefined)?.acme
    ?.solvers;
  return (solvers ?? []).some((solver) => solver.http01 !== undefined);
}

/** Ports worth trying: what the destination declares, what the rules name, and every port. */
function candidatePorts(
  destination: Party,
  egress: readonly NetworkPolicy[],
  ingress: readonly NetworkPolicy[],
): Port[] {
  const numbered = [
    ...egress.flatMap((p) => (p.spec.egress ?? []).flatMap((r) => r.ports ?? [])),
    ...ingress.flatMap((p) => (p.spec.ingress ?? []).flatMap((r) => r.ports ?? [])),
  ].flatMap((rule) =>
    typeof rule.port === "number" ? [{ protocol: rule.protocol ?? "TCP", port: rule.port }] : [],
  );
  return [...destination.ports, ...numbered, ...SENTINELS];
}

/**
 * The addresses outside the cluster worth testing for `subject` in `direction`: each ipBlock its
 * own policies name (with an address inside it and outside its exceptions), and the internet.
 */
function outsideParties(
  subject: Party,
  policies: readonly NetworkPolicy[],
  direction: "Ingress" | "Egress",
): Party[] {
  const selecting = policies.filter(
    (p) =>
      subject.endpoint.kind === "pod" &&
      matchesSelector(p.spec.podSelector, subject.endpoint.labels) &&
      policyTypes(p.spec).includes(direction),
  );
  const blocks = selecting.flatMap((p) =>
    (direction === "Egress"
      ? (p.spec.egress ?? []).flatMap((r) => r.to ?? [])
      : (p.spec.ingress ?? []).flatMap((r) => r.from ?? [])
    ).flatMap((peer) => (peer.ipBlock !== undefined ? [peer.ipBlock] : [])),
  );
  // A block that holds the internet's stand-in address speaks for it.
  const parties: Party[] = blocks.some((block) => addressIn(INTERNET.ip, block))
    ? []
    : [{ id: INTERNET.id, endpoint: { kind: "external", ip: INTERNET.ip }, ports: [] }];
  for (const block of blocks) {
    const ip = witnessAddress(block);
    if (ip !== undefined) {
      parties.push({ id: `external/${block.cidr}`, endpoint: { kind: "external", ip }, ports: [] });
    }
  }
  return parties;
}

/** An address inside `block.cidr` and outside every exception, if there is one. */
export function witnessAddress(block: IpBlock): string | undefined {
  const parsed = parseCidr(block.cidr);
  if (!parsed.ok) return undefined;
  const range = parsed.cidr;
  const excepts = (block.except ?? []).flatMap((text) => {
    const e = parseCidr(text);
    return e.ok ? [e.cidr] : [];
  });
  const bits = range.version === 4 ? 32 : 128;
  const size = (prefix: number): bigint => 1n << BigInt(bits - prefix);
  const inside = (value: bigint, cidr: { network: bigint; prefix: number }): boolean =>
    value >= cidr.network && value < cidr.network + size(cidr.prefix);
  const candidates = [range.network, ...excepts.map((e) => e.network + size(e.prefix))];
  const found = candidates.find(
    (value) => inside(value, range) && !excepts.some((e) => inside(value, e)),
  );
  if (found === undefined) return undefined;
  if (range.version === 4) return ipv4At(range, Number(found - range.network));
  // IPv6: only the network address itself is written back.
  return found === range.network ? range.text.split("/")[0] : undefined;
}
