import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  connectionAllowed,
  matchesSelector,
  policyTypes,
  type Endpoint,
  type NetworkPolicy,
  type NetworkPolicySpec,
  type Port,
} from "../../verify";

/** Cases restated from the Kubernetes NetworkPolicy documentation, on small fixtures of our own. */

const pod = (namespace: string, labels: Record<string, string>, ip?: string): Endpoint => ({
  kind: "pod",
  namespace,
  namespaceLabels: { "kubernetes.io/metadata.name": namespace, team: namespace.toUpperCase() },
  labels,
  ...(ip !== undefined ? { ip } : {}),
});
const policy = (namespace: string, spec: NetworkPolicySpec): NetworkPolicy => ({
  metadata: { name: "p", namespace },
  spec,
});
const tcp = (port: number, name?: string): Port => ({
  protocol: "TCP",
  port,
  ...(name ? { name } : {}),
});

const client = pod("a", { role: "client" }, "10.1.0.5");
const server = pod("a", { role: "server" }, "10.1.0.6");
const remote = pod("b", { role: "client" }, "10.2.0.5");

describe("label selectors", () => {
  const labels = { app: "web", tier: "front" };
  const cases: [string, Parameters<typeof matchesSelector>[0], boolean][] = [
    ["the empty selector matches everything", {}, true],
    ["matchLabels needs every pair", { matchLabels: { app: "web", tier: "back" } }, false],
    ["In", { matchExpressions: [{ key: "app", operator: "In", values: ["web", "db"] }] }, true],
    [
      "NotIn on a missing key matches",
      { matchExpressions: [{ key: "x", operator: "NotIn", values: ["y"] }] },
      true,
    ],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, true],
    ["DoesNotExist", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, false],
    [
      "matchLabels and matchExpressions are ANDed",
      {
        matchLabels: { app: "web" },
        matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }],
      },
      false,
    ],
  ];
  for (const [name, selector, expected] of cases) {
    it(name, () => assert.equal(matchesSelector(selector, labels), expected));
  }
});

describe("network policy semantics", () => {
  it("a pod no policy selects is open in both directions", () => {
    assert.equal(connectionAllowed([], remote, server, tcp(80)), true);
  });

  it("without policyTypes, a policy isolates ingress only, unless it has egress rules", () => {
    assert.deepEqual(policyTypes({ podSelector: {} }), ["Ingress"]);
    assert.deepEqual(policyTypes({ podSelector: {}, egress: [{}] }), ["Ingress", "Egress"]);
  });

  it("an ingress-only policy leaves the selected pod's egress open", () => {
    const denyIngress = policy("a", { podSelector: {} });
    assert.equal(connectionAllowed([denyIngress], client, remote, tcp(80)), true);
    assert.equal(connectionAllowed([denyIngress], remote, client, tcp(80)), false);
  });

  it("a flow needs the source's egress and the destination's ingress", () => {
    const denyEgress = policy("b", { podSelector: {}, policyTypes: ["Egress"] });
    assert.equal(connectionAllowed([denyEgress], remote, server, tcp(80)), false);
  });

  it("a podSelector peer alone means pods of the policy's own namespace", () => {
    const p = policy("a", {
      podSelector: { matchLabels: { role: "server" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { role: "client" } } }] }],
    });
    assert.equal(connectionAllowed([p], client, server, tcp(80)), true);
    assert.equal(connectionAllowed([p], remote, server, tcp(80)), false);
  });

  it("namespaceSelector: {} admits every namespace", () => {
    const p = policy("a", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    assert.equal(connectionAllowed([p], remote, server, tcp(80)), true);
  });

  it("one peer with both selectors needs both; two peers need either", () => {
    const both = policy("a", {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: "B" } },
              podSelector: { matchLabels: { role: "server" } },
            },
          ],
        },
      ],
    });
    const either = policy("a", {
      podSelector: {},
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: "B" } } },
            { podSelector: { matchLabels: { role: "server" } } },
          ],
        },
      ],
    });
    assert.equal(connectionAllowed([both], remote, server, tcp(80)), false);
    assert.equal(connectionAllowed([either], remote, server, tcp(80)), true);
  });

  it("an ipBlock admits addresses in its cidr but not in its except", () => {
    const p = policy("a", {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.2.0.0/16"] } }] }],
    });
    assert.equal(connectionAllowed([p], client, server, tcp(80)), true);
    assert.equal(connectionAllowed([p], remote, server, tcp(80)), false);
    assert.equal(
      connectionAllowed([p], { kind: "external", ip: "10.9.9.9" }, server, tcp(80)),
      true,
    );
  });

  it("ports match by number, by name and by range; the protocol defaults to TCP", () => {
    const rule = (ports: NonNullable<NetworkPolicySpec["ingress"]>[number]["ports"]) =>
      policy("a", { podSelector: {}, ingress: [{ ports }] });
    assert.equal(connectionAllowed([rule([{ port: 80 }])], client, server, tcp(80)), true);
    assert.equal(
      connectionAllowed([rule([{ port: 80 }])], client, server, { protocol: "UDP", port: 80 }),
      false,
    );
    assert.equal(
      connectionAllowed([rule([{ port: "http" }])], client, server, tcp(8080, "http")),
      true,
    );
    assert.equal(
      connectionAllowed([rule([{ port: 8000, endPort: 8100 }])], client, server, tcp(8080)),
      true,
    );
    assert.equal(
      connectionAllowed([rule([{ port: 8000, endPort: 8100 }])], client, server, tcp(8101)),
      false,
    );
  });

  it("policies are additive: any policy's rule admits", () => {
    const deny = policy("a", { podSelector: {}, policyTypes: ["Ingress"] });
    const allow = policy("a", {
      podSelector: { matchLabels: { role: "server" } },
      ingress: [{ from: [{ podSelector: {} }] }],
    });
    assert.equal(connectionAllowed([deny], client, server, tcp(80)), false);
    assert.equal(connectionAllowed([deny, allow], client, server, tcp(80)), true);
  });

  it("a policy selects pods of its own namespace only", () => {
    const denyAll = policy("b", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.equal(connectionAllowed([denyAll], client, server, tcp(80)), true);
  });
});
