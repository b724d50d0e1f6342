import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { EDGE_CONTROLLER, EDGE_PROXY, XDS_PORT } from "../../components/cluster/gateway";
import {
  COMPONENTS,
  DATABASE_PORT,
  WEB_PORT,
  componentLabels,
} from "../../components/tenant/application";
import { listenerName } from "../../components/tenant/edge";
import { CLUSTER_DNS, networkPolicyManifests } from "../../components/tenant/network";
import type { TenantSpec } from "../../stacks/spec";
import {
  connectionAllowed,
  egressAllowed,
  ingressAllowed,
  type Endpoint,
  type NetworkPolicy,
  type Port,
} from "../../verify";
import { testTenant } from "../helpers/tenants";

/**
 * Tenant isolation, judged by NetworkPolicy semantics (verify/) over the policies the Tenant
 * component creates: which of a tenant's pods can talk to which, across tenants and within one.
 */

const PORTS: Port[] = [
  { protocol: "UDP", port: 53 },
  { protocol: "TCP", port: 53 },
  { protocol: "TCP", port: WEB_PORT },
  { protocol: "TCP", port: 443 },
  { protocol: "TCP", port: DATABASE_PORT },
  { protocol: "TCP", port: 8080 },
  { protocol: "TCP", port: 10443 },
  { protocol: "TCP", port: 19000 },
  { protocol: "TCP", port: XDS_PORT },
];

function policiesOf(tenant: TenantSpec): NetworkPolicy[] {
  return Object.values(
    networkPolicyManifests(tenant, tenant.namespace),
  ) as unknown as NetworkPolicy[];
}

function namespacePod(namespace: string, labels: Record<string, string>, ip: string): Endpoint {
  return {
    kind: "pod",
    namespace,
    namespaceLabels: { "kubernetes.io/metadata.name": namespace },
    labels,
    ip,
  };
}

/** One pod per application component, one the tenant labels as it likes, one with no labels. */
function podsOf(tenant: TenantSpec, subnet: number): Endpoint[] {
  const labelSets = [
    ...COMPONENTS.map((c) => componentLabels(tenant.name, c)),
    { "app.kubernetes.io/component": "web", "tenancy.dev/tenant": "someone-else" },
    {},
  ];
  return labelSets.map((labels, i) =>
    namespacePod(tenant.namespace, labels, `10.244.${subnet}.${i + 10}`),
  );
}

const proxy = namespacePod(EDGE_PROXY.namespace, EDGE_PROXY.podLabels, "10.244.200.10");
const controller = namespacePod(
  EDGE_CONTROLLER.namespace,
  EDGE_CONTROLLER.podLabels,
  "10.244.200.11",
);
const dns = namespacePod(CLUSTER_DNS.namespace, CLUSTER_DNS.podLabels, "10.244.201.10");

type Check = typeof connectionAllowed;

function reachablePairs(
  policies: NetworkPolicy[],
  from: Endpoint[],
  to: Endpoint[],
  check: Check = connectionAllowed,
): string[] {
  const found: string[] = [];
  for (const source of from)
    for (const destination of to)
      for (const port of PORTS)
        if (check(policies, source, destination, port))
          found.push(
            `${JSON.stringify(source)} → ${JSON.stringify(destination)} ${port.protocol}/${port.port}`,
          );
  return found;
}

const egressCidr = fc.constantFrom(
  "0.0.0.0/0",
  "10.0.0.0/8",
  "0.0.0.0/1",
  "203.0.113.0/24",
  "198.51.100.7/32",
);

describe("isolation between tenants", () => {
  const sides: [string, Check][] = [
    ["no ingress rule of one tenant admits a pod of another", ingressAllowed],
    ["no egress rule of one tenant reaches a pod of another", egressAllowed],
  ];
  for (const [name, side] of sides) {
    it(`${name}, whatever either tenant's egress`, () => {
      fc.assert(
        fc.property(fc.uniqueArray(egressCidr), fc.uniqueArray(egressCidr), (egressA, egressB) => {
          const a = testTenant("alpha", {}, egressA);
          const b = testTenant("beta", {}, egressB);
          const [podsA, podsB] = [podsOf(a, 1), podsOf(b, 2)];
          // Only the checked side's own policies count: the other side may be wide open.
          const owner = (source: TenantSpec, destination: TenantSpec): NetworkPolicy[] =>
            policiesOf(side === ingressAllowed ? destination : source);
          assert.deepEqual(reachablePairs(owner(a, b), podsA, podsB, side), []);
          assert.deepEqual(reachablePairs(owner(b, a), podsB, podsA, side), []);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("the same holds with namespaces prefixed by the environment", () => {
    const a = testTenant("alpha", { namespace: "prod-alpha" }, ["0.0.0.0/0"]);
    const b = testTenant("beta", { namespace: "prod-beta" }, ["0.0.0.0/0"]);
    const policies = [...policiesOf(a), ...policiesOf(b)];
    assert.deepEqual(reachablePairs(policies, podsOf(a, 1), podsOf(b, 2)), []);
  });
});

describe("the application's flows within a tenant", () => {
  const tenant = testTenant("alpha", {}, ["203.0.113.0/24"]);
  const policies = policiesOf(tenant);
  const [web, services, database, , unlabelled] = podsOf(tenant, 1) as [
    Endpoint,
    Endpoint,
    Endpoint,
    Endpoint,
    Endpoint,
  ];
  const allowed = (from: Endpoint, to: Endpoint, port: number, protocol = "TCP") =>
    connectionAllowed(policies, from, to, { protocol, port });

  it("web pods accept the Gateway's proxies on the web port only", () => {
    assert.equal(allowed(proxy, web, WEB_PORT), true);
    assert.equal(allowed(proxy, web, 443), false);
    assert.equal(allowed(proxy, database, DATABASE_PORT), false);
    assert.equal(allowed(proxy, services, WEB_PORT), false);
    assert.equal(allowed(controller, web, WEB_PORT), false);
  });

  it("the database accepts only the tenant's web and services pods, on its port", () => {
    assert.equal(allowed(web, database, DATABASE_PORT), true);
    assert.equal(allowed(services, database, DATABASE_PORT), true);
    assert.equal(allowed(web, database, WEB_PORT), false);
    assert.equal(allowed(unlabelled, database, DATABASE_PORT), false);
  });

  it("nothing at all reaches the services pod", () => {
    for (const source of [proxy, web, database, unlabelled]) {
      assert.deepEqual(reachablePairs(policies, [source], [services]), []);
    }
  });

  it("no pod of the tenant reaches the edge: the proxies' listeners, admin and xDS ports", () => {
    const open = policiesOf(testTenant("alpha", {}, ["0.0.0.0/0"]));
    for (const pod of [web, services, database, unlabelled]) {
      assert.deepEqual(reachablePairs(open, [pod], [proxy, controller], egressAllowed), []);
    }
  });

  it("every pod resolves names through kube-dns and nothing else in kube-system", () => {
    for (const pod of [web, services, database, unlabelled]) {
      assert.equal(allowed(pod, dns, 53, "UDP"), true);
      assert.equal(allowed(pod, dns, 53, "TCP"), true);
      assert.equal(allowed(pod, dns, 8080), false);
    }
  });

  it("only web and services pods reach the internet, and only the tenant's listed ranges", () => {
    const listed: Endpoint = { kind: "external", ip: "203.0.113.9" };
    const unlisted: Endpoint = { kind: "external", ip: "192.0.2.1" };
    assert.equal(allowed(web, listed, 443), true);
    assert.equal(allowed(services, listed, 443), true);
    assert.equal(allowed(database, listed, 443), false);
    assert.equal(allowed(web, unlisted, 443), false);
  });

  it("egress to 0.0.0.0/0 still excludes the cluster's pods and the metadata service", () => {
    const open = testTenant("alpha", {}, ["0.0.0.0/0"]);
    const openPolicies = policiesOf(open);
    const metadata: Endpoint = { kind: "external", ip: "169.254.169.254" };
    assert.equal(
      connectionAllowed(
        openPolicies,
        web,
        { kind: "external", ip: "8.8.8.8" },
        { protocol: "TCP", port: 443 },
      ),
      true,
    );
    assert.equal(
      connectionAllowed(openPolicies, web, metadata, { protocol: "TCP", port: 80 }),
      false,
    );
    assert.equal(
      connectionAllowed(openPolicies, web, proxy, { protocol: "TCP", port: 10443 }),
      false,
    );
  });
});

describe("listener names", () => {
  it("stay apart for hosts that differ only in dots and dashes", () => {
    const hosts = ["a-b.example.com", "a.b.example.com", "a--b.example.com", "ab.example.com"];
    assert.equal(new Set(hosts.map(listenerName)).size, hosts.length);
    const long = `${"a".repeat(63)}.${"b-".repeat(31)}b.${"c".repeat(63)}.example.com`;
    for (const host of [...hosts, long]) {
      assert.match(listenerName(host), /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      assert.ok(listenerName(host).length <= 253, host);
    }
  });
});
