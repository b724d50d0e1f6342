import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { edgeVerdict, inventoryOf, tenantNamespaces, verdictFails, verify } from "../../verify";
import type { KubernetesObject } from "../../verify";

/**
 * The edge as verify/ judges it, over hand-written objects: two tenants, each with a listener of
 * its own on the platform's Gateway, and what a tenant's admins could add to break that.
 */

const EDGE = "edge";
const namespace = (name: string, tenant?: string): KubernetesObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: tenant ? { "tenancy.dev/tenant": tenant } : {} },
});

const byName = (ns: string) => ({
  namespaces: {
    from: "Selector",
    selector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
  },
});

const listenerSet = (
  tenant: string,
  allowedRoutes: unknown = byName(tenant),
): KubernetesObject => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "ListenerSet",
  metadata: { name: tenant, namespace: EDGE },
  spec: {
    parentRef: { name: "gw" },
    listeners: [
      {
        name: "https",
        hostname: `${tenant}.example.com`,
        port: 443,
        protocol: "HTTPS",
        tls: { certificateRefs: [{ name: `${tenant}-tls` }] },
        allowedRoutes,
      },
    ],
  },
});

const certificate = (tenant: string, hosts = [`${tenant}.example.com`]): KubernetesObject => ({
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: `${tenant}-tls`, namespace: EDGE },
  spec: { secretName: `${tenant}-tls`, dnsNames: hosts },
});

const route = (ns: string, name: string, hostnames?: string[], parent = ns): KubernetesObject => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name, namespace: ns },
  spec: {
    parentRefs: [{ kind: "ListenerSet", name: parent, namespace: EDGE }],
    ...(hostnames !== undefined ? { hostnames } : {}),
    rules: [{ backendRefs: [{ name: "web", port: 80 }] }],
  },
});

const web = (ns: string): KubernetesObject[] => [
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: ns },
    spec: { selector: { app: "web" } },
  },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: ns },
    spec: { template: { metadata: { labels: { app: "web" } }, spec: { containers: [] } } },
  },
];

const gateway: KubernetesObject = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "gw", namespace: EDGE },
  spec: {
    allowedListeners: { namespaces: { from: "Same" } },
    listeners: [
      { name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } },
    ],
  },
};

const WORLD: KubernetesObject[] = [
  namespace(EDGE),
  namespace("a", "a"),
  namespace("b", "b"),
  gateway,
  ...["a", "b"].flatMap((t) => [
    listenerSet(t),
    certificate(t),
    route(t, "web", [`${t}.example.com`]),
    ...web(t),
  ]),
];

function judge(objects: KubernetesObject[]) {
  const inventory = inventoryOf(objects);
  return edgeVerdict(inventory, tenantNamespaces(inventory));
}

const messages = (objects: KubernetesObject[]): string[] =>
  judge(objects).violations.map((v) => `${v.kind}: ${v.message}`);

describe("the edge", () => {
  it("serves each tenant's host on its own listener, through its route, to its pods", () => {
    const verdict = judge(WORLD);
    assert.deepEqual(verdict.violations, []);
    assert.deepEqual(verdict.paths, [
      {
        tenant: "a",
        host: "a.example.com",
        listener: "edge/a/https",
        route: "a/web",
        service: "a/web",
        pods: ["a/web"],
      },
      {
        tenant: "b",
        host: "b.example.com",
        listener: "edge/b/https",
        route: "b/web",
        service: "b/web",
        pods: ["b/web"],
      },
    ]);
  });

  const attacks: [string, KubernetesObject, string][] = [
    [
      "a route in tenant a's namespace naming tenant b's host",
      route("a", "steal", ["b.example.com"], "b"),
      "unattached-route: route a/steal is not attached: b.example.com belongs to b, whose listener does not admit namespace a",
    ],
    [
      "the same route on a's own listener",
      route("a", "steal", ["b.example.com"]),
      "unattached-route: route a/steal is not attached: b.example.com belongs to b, whose listener does not admit namespace a",
    ],
    [
      "a wildcard host",
      route("a", "wild", ["*.example.com"]),
      "unattached-route: route a/wild is not attached: *.example.com is a wildcard; routes name exact hosts of their tenant",
    ],
    [
      "no hostname at all",
      route("a", "any"),
      "unattached-route: route a/any is not attached: it names no hostname, so it would take every host of its listeners; name the tenant's hosts",
    ],
    [
      "a host no listener serves",
      route("a", "new", ["new.example.com"]),
      "unattached-route: route a/new is not attached: no listener open to namespace a serves new.example.com",
    ],
  ];
  for (const [name, object, expected] of attacks) {
    it(`does not attach ${name}, and says why`, () => {
      assert.deepEqual(messages([...WORLD, object]), [expected]);
      const attached = judge([...WORLD, object]).paths.map((p) => p.route);
      assert.ok(!attached.includes(`a/${String(object.metadata?.name)}`));
    });
  }

  const listeners: [string, unknown, string][] = [
    [
      "a tenant label, which tenants set on what they create",
      {
        namespaces: { from: "Selector", selector: { matchLabels: { "tenancy.dev/tenant": "a" } } },
      },
      "shared-listener: listener edge/a/https admits routes from namespaces chosen by labels tenants can set, or from any namespace: select one tenant namespace by kubernetes.io/metadata.name",
    ],
    [
      "every namespace",
      { namespaces: { from: "All" } },
      "shared-listener: listener edge/a/https admits routes from namespaces chosen by labels tenants can set, or from any namespace: select one tenant namespace by kubernetes.io/metadata.name",
    ],
    [
      "two tenants by name",
      {
        namespaces: {
          from: "Selector",
          selector: {
            matchExpressions: [
              { key: "kubernetes.io/metadata.name", operator: "In", values: ["a", "b"] },
            ],
          },
        },
      },
      "shared-listener: listener edge/a/https admits routes from 2 tenants (a, b): one tenant per listener",
    ],
  ];
  for (const [name, allowedRoutes, expected] of listeners) {
    it(`refuses a listener open to ${name}`, () => {
      const objects = WORLD.map((o) =>
        o.kind === "ListenerSet" && o.metadata?.name === "a" ? listenerSet("a", allowedRoutes) : o,
      );
      assert.deepEqual(messages(objects), [expected]);
    });
  }

  it("refuses a Gateway that takes ListenerSets from other namespaces", () => {
    const open = {
      ...gateway,
      spec: { ...(gateway.spec as object), allowedListeners: { namespaces: { from: "All" } } },
    };
    assert.deepEqual(messages(WORLD.map((o) => (o === gateway ? open : o))), [
      "shared-listener: Gateway edge/gw takes ListenerSets from namespaces other than its own (allowedListeners from: All), where tenants could add listeners for any host: allow Same only",
    ]);
  });

  it("counts no listener of a ListenerSet its Gateway does not take, so nothing attaches there", () => {
    const elsewhere = { ...listenerSet("a"), metadata: { name: "a", namespace: "a" } };
    const objects = [
      ...WORLD.filter((o) => !(o.kind === "ListenerSet" && o.metadata?.name === "a")),
      elsewhere,
    ];
    assert.ok(
      messages(objects).includes(
        "unattached-route: route a/web is not attached: no listener open to namespace a serves a.example.com",
      ),
    );
  });

  it("refuses the plain-HTTP listener open to every namespace: it serves every host", () => {
    const open = {
      ...gateway,
      spec: {
        ...(gateway.spec as object),
        listeners: [
          {
            name: "http",
            port: 80,
            protocol: "HTTP",
            allowedRoutes: { namespaces: { from: "All" } },
          },
        ],
      },
    };
    assert.deepEqual(messages(WORLD.map((o) => (o === gateway ? open : o))), [
      "shared-listener: listener edge/gw/http admits routes from namespaces chosen by labels tenants can set, or from any namespace: select one tenant namespace by kubernetes.io/metadata.name",
    ]);
  });

  it("refuses a route to a Service of another namespace", () => {
    const crossing: KubernetesObject = {
      ...route("a", "cross", ["a.example.com"]),
      spec: {
        parentRefs: [{ kind: "ListenerSet", name: "a", namespace: EDGE }],
        hostnames: ["a.example.com"],
        rules: [{ backendRefs: [{ name: "web", namespace: "b", port: 80 }] }],
      },
    };
    assert.deepEqual(messages([...WORLD, crossing]), [
      "foreign-backend: route a/cross sends a.example.com to Service b/web, outside its namespace or not a Service: a tenant's routes reach its own Services only",
    ]);
  });

  it("refuses an HTTPS listener whose certificate does not cover its host", () => {
    const objects = WORLD.map((o) =>
      o.kind === "Certificate" && o.metadata?.name === "a-tls"
        ? certificate("a", ["other.example.com"])
        : o,
    );
    assert.deepEqual(messages(objects), [
      "no-certificate: HTTPS listener edge/a/https for a.example.com presents no certificate that a Certificate writes for its host",
    ]);
  });

  it("fails verification on any of these", () => {
    const edgeKinds = (objects: KubernetesObject[]) =>
      verify(objects)
        .violations.map((v) => v.kind)
        .filter((k) =>
          ["shared-listener", "unattached-route", "no-certificate", "foreign-backend"].includes(k),
        );
    assert.deepEqual(edgeKinds(WORLD), []);
    const stolen = [...WORLD, route("a", "steal", ["b.example.com"], "b")];
    assert.deepEqual(edgeKinds(stolen), ["unattached-route"]);
    assert.equal(verdictFails(verify(stolen)), true);
  });
});
