import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addressIn,
  inventoryOf,
  reachability,
  witnessAddress,
  type Flow,
  type KubernetesObject,
} from "../../verify";
import { denyAll, namespace, networkPolicy, workload } from "../helpers/objects";

/**
 * The NetworkPolicy truth tables the Kubernetes conformance suite walks through, restated on a
 * world of our own: namespaces `a` (team x) and `b` (team y), each with a client and a server
 * (the server listens on TCP 80 "http" and TCP 8080 "admin"), plus the cluster's DNS and
 * Gateway's proxies. Each case adds policies and says whether one connection is allowed.
 */

const serverPorts = [
  { name: "http", containerPort: 80 },
  { name: "admin", containerPort: 8080 },
];
const WORLD: KubernetesObject[] = [
  namespace("a", { team: "x", stage: "prod" }),
  namespace("b", { team: "y" }),
  workload("a", "client", { app: "client" }),
  workload("a", "server", { app: "server", tier: "front" }, { ports: serverPorts }),
  workload("b", "client", { app: "client" }),
  workload("b", "server", { app: "server" }, { ports: serverPorts }),
];

function flowsWith(policies: readonly KubernetesObject[]): Flow[] {
  return reachability(inventoryOf([...WORLD, ...policies]));
}

/** Whether `from` reaches `to` on `port` ("TCP/80"), counting a whole-protocol flow. */
function reaches(flows: readonly Flow[], from: string, to: string, port: string): boolean {
  const protocol = port.split("/")[0] ?? "";
  return flows.some(
    (f) => f.from === from && f.to === to && (f.port === port || f.port === `${protocol}/*`),
  );
}

const toServerB = (ingress: unknown[], extra: Record<string, unknown> = {}) =>
  networkPolicy("b", { podSelector: { matchLabels: { app: "server" } }, ingress, ...extra });

interface Case {
  readonly name: string;
  readonly policies: readonly KubernetesObject[];
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly allowed: boolean;
}

const CASES: Case[] = [
  {
    name: "no policy: every pod reaches every pod",
    policies: [],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "deny-all ingress isolates the namespace's pods",
    policies: [denyAll("b", "Ingress")],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "deny-all ingress leaves the same pods' egress open",
    policies: [denyAll("b", "Ingress")],
    from: "b/server",
    to: "a/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "deny-all egress stops the source even where the destination is open",
    policies: [denyAll("a", "Egress")],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "without policyTypes a policy with only ingress rules leaves egress open",
    policies: [networkPolicy("a", { podSelector: {}, ingress: [{}] })],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "without policyTypes a policy with egress rules isolates egress too",
    policies: [
      networkPolicy("a", {
        podSelector: {},
        egress: [{ to: [{ namespaceSelector: { matchLabels: { team: "y" } } }] }],
      }),
    ],
    from: "a/client",
    to: "a/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "a podSelector peer alone means the policy's own namespace (same namespace)",
    policies: [toServerB([{ from: [{ podSelector: { matchLabels: { app: "client" } } }] }])],
    from: "b/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "a podSelector peer alone does not admit the same labels in another namespace",
    policies: [toServerB([{ from: [{ podSelector: { matchLabels: { app: "client" } } }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "a namespaceSelector peer alone admits every pod of the matching namespaces",
    policies: [toServerB([{ from: [{ namespaceSelector: { matchLabels: { team: "x" } } }] }])],
    from: "a/server",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "namespaceSelector: {} admits every namespace",
    policies: [toServerB([{ from: [{ namespaceSelector: {} }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "one peer with both selectors needs both (the pod does not match)",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: "x" } },
              podSelector: { matchLabels: { app: "client" } },
            },
          ],
        },
      ]),
    ],
    from: "a/server",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "one peer with both selectors admits a pod matching both",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: "x" } },
              podSelector: { matchLabels: { app: "client" } },
            },
          ],
        },
      ]),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "two peers are either: the namespace peer alone admits the other pod",
    policies: [
      toServerB([
        {
          from: [
            { namespaceSelector: { matchLabels: { team: "x" } } },
            { podSelector: { matchLabels: { app: "client" } } },
          ],
        },
      ]),
    ],
    from: "a/server",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "matchExpressions In on namespace labels",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: {
                matchExpressions: [{ key: "team", operator: "In", values: ["x", "z"] }],
              },
            },
          ],
        },
      ]),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "matchExpressions NotIn on pod labels excludes the listed value",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: {},
              podSelector: {
                matchExpressions: [{ key: "app", operator: "NotIn", values: ["client"] }],
              },
            },
          ],
        },
      ]),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "matchExpressions DoesNotExist admits a namespace without the key",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: { matchExpressions: [{ key: "stage", operator: "DoesNotExist" }] },
            },
          ],
        },
      ]),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "matchExpressions Exists on pod labels",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: {},
              podSelector: { matchExpressions: [{ key: "tier", operator: "Exists" }] },
            },
          ],
        },
      ]),
    ],
    from: "a/server",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "a port by number admits that port",
    policies: [toServerB([{ ports: [{ port: 80 }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "a port by number refuses the destination's other ports",
    policies: [toServerB([{ ports: [{ port: 80 }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/8080",
    allowed: false,
  },
  {
    name: "a port by name resolves on the destination's container ports",
    policies: [toServerB([{ ports: [{ port: "admin" }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/8080",
    allowed: true,
  },
  {
    name: "a named port does not admit a port of another name",
    policies: [toServerB([{ ports: [{ port: "admin" }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "endPort admits the range",
    policies: [toServerB([{ ports: [{ port: 8000, endPort: 8100 }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/8080",
    allowed: true,
  },
  {
    name: "endPort refuses below the range",
    policies: [toServerB([{ ports: [{ port: 8000, endPort: 8100 }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "a UDP rule does not admit TCP on the same port",
    policies: [toServerB([{ ports: [{ protocol: "UDP", port: 80 }] }])],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "an empty rule admits every source on every port",
    policies: [toServerB([{}])],
    from: "a/client",
    to: "b/server",
    port: "TCP/9999",
    allowed: true,
  },
  {
    name: "policyTypes Ingress with an empty rule list denies",
    policies: [toServerB([], { policyTypes: ["Ingress"] })],
    from: "b/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "policies add up: an allow beside a deny-all admits",
    policies: [
      denyAll("b", "Ingress"),
      toServerB([{ from: [{ namespaceSelector: { matchLabels: { team: "x" } } }] }]),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "a policy selects pods of its own namespace only",
    policies: [denyAll("a", "Ingress", "Egress")],
    from: "b/client",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "egress allowed at the source is not enough when the destination denies",
    policies: [
      networkPolicy("a", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] }),
      denyAll("b", "Ingress"),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "an ipBlock peer matches addresses outside the cluster, not pods",
    policies: [
      networkPolicy("a", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
      }),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
  {
    name: "a named port in an egress rule resolves on the destination",
    policies: [
      networkPolicy("a", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ ports: [{ port: "admin" }] }],
      }),
    ],
    from: "a/client",
    to: "b/server",
    port: "TCP/8080",
    allowed: true,
  },
  {
    name: "the Gateway's proxies, selected by namespace name and pod labels, reach the pod",
    policies: [
      toServerB([
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" },
              },
              podSelector: { matchLabels: { "app.kubernetes.io/component": "proxy" } },
            },
          ],
          ports: [{ port: "http" }],
        },
      ]),
    ],
    from: "envoy-gateway-system/envoy-tenancy",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "a pod no ingress policy selects is open to the internet",
    policies: [denyAll("b", "Egress")],
    from: "external/internet",
    to: "b/server",
    port: "TCP/80",
    allowed: true,
  },
  {
    name: "an ingress ipBlock admits its range and nothing else outside",
    policies: [toServerB([{ from: [{ ipBlock: { cidr: "198.51.100.0/24" } }] }])],
    from: "external/internet",
    to: "b/server",
    port: "TCP/80",
    allowed: false,
  },
];

describe("reachability truth table", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const flows = flowsWith(c.policies);
      assert.equal(reaches(flows, c.from, c.to, c.port), c.allowed, JSON.stringify(c.policies));
    });
  }

  it("has at least 25 cases", () => assert.ok(CASES.length >= 25));
});

describe("reachability beyond pairs of pods", () => {
  it("reads pods of every workload kind", () => {
    const kinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];
    const objects = kinds.map((kind) => workload("a", kind.toLowerCase(), { kind }, { kind }));
    const flows = reachability(inventoryOf([namespace("a"), ...objects]));
    for (const kind of kinds) {
      assert.ok(reaches(flows, `a/${kind.toLowerCase()}`, "a/pod", "TCP/80"), kind);
    }
  });

  it("names the ipBlock an egress reaches, with an address outside its exceptions", () => {
    const block = { cidr: "10.0.0.0/8", except: ["10.0.0.0/16"] };
    const flows = flowsWith([
      networkPolicy("a", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: block }] }],
      }),
    ]);
    assert.ok(reaches(flows, "a/client", "external/10.0.0.0/8", "TCP/443"));
    assert.equal(reaches(flows, "a/client", "external/internet", "TCP/443"), false);
    const witness = witnessAddress(block);
    assert.ok(witness !== undefined && addressIn(witness, block), witness);
  });

  it("finds no address in a block its exceptions cover whole", () => {
    assert.equal(witnessAddress({ cidr: "10.0.0.0/24", except: ["10.0.0.0/24"] }), undefined);
  });

  it("reports every port of a protocol once, not each declared port besides", () => {
    const flows = flowsWith([]).filter((f) => f.from === "a/client" && f.to === "b/server");
    assert.deepEqual(
      flows.map((f) => f.port),
      ["TCP/*", "UDP/*"],
    );
  });

  it("stands in for the HTTP-01 solver beside a certificate of an ACME issuer", () => {
    const issuer = {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "acme" },
      spec: {
        acme: {
          solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: "tenancy" }] } } }],
        },
      },
    };
    const certificate = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "tls", namespace: "a" },
      spec: { issuerRef: { kind: "ClusterIssuer", name: "acme" } },
    };
    const flows = reachability(inventoryOf([...WORLD, issuer, certificate]));
    assert.ok(
      reaches(flows, "envoy-gateway-system/envoy-tenancy", "a/acme-http01-solver", "TCP/8089"),
    );
    assert.equal(
      flows.some((f) => f.to === "b/acme-http01-solver"),
      false,
    );
  });
});
