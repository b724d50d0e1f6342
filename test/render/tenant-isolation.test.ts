import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { componentLabels, COMPONENTS } from "../../components/tenant/application";
import {
  egressAllowed,
  ingressAllowed,
  quotaAdmitsService,
  type Endpoint,
  type NetworkPolicy,
  type Port,
  type Verdict,
} from "../../verify";
import { groupOf, syntheticTenants } from "../../scripts/bench/catalog";
import { maxDependencyDepth } from "../../scripts/bench/depth";
import type { RecordedResource } from "../../scripts/render/mock-runtime";
import { tenantOf } from "../../scripts/render/report";
import { REPO, makeProject } from "../helpers/project";
import { manifests, renderOk, resources, type Manifest, type Resource } from "../helpers/render";
import { CATALOG_BASE } from "../helpers/tenants";
import {
  ENFORCE_LABEL,
  podSecurityFailures,
  type PodSecurityLevel,
  type PodSpec,
} from "../../verify/adversary/pod-security";
import { inventoryOf } from "../../verify/inventory";

/**
 * What the program renders for a 50-tenant catalog on the AKS dev cluster, judged as a reviewer
 * would: the same set for every tenant, no way between tenants, no right outside a tenant's
 * namespace, data that `pulumi up` will not delete.
 */

const TENANTS = 50;
/** The benchmark's synthetic tenants: tiers in turn, even ones with open egress. */
function generatedCatalog(decommissioned: readonly number[], count: number) {
  return {
    domain: "test.example.com",
    ...CATALOG_BASE,
    tenants: syntheticTenants(count).map((tenant, i) =>
      decommissioned.includes(i) ? { ...tenant, decommission: true } : tenant,
    ),
  };
}

/** The dev stack's own settings (AKS), with the generated catalog. */
function project(decommissioned: readonly number[] = [], count = TENANTS): string {
  const dev = parse(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  return makeProject({
    stacks: { dev: { ...dev.config, "tenancy:environment": "gen" } },
    catalogs: { gen: generatedCatalog(decommissioned, count) },
  });
}

const tenantNamespaces = (objects: Manifest[]): string[] =>
  objects
    .filter(
      (o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"] !== undefined,
    )
    .map((o) => o.metadata.name)
    .sort();

describe("a 50-tenant render", () => {
  let objects: Manifest[] = [];
  let recorded: Resource[] = [];
  let out = "";

  before(() => {
    out = renderOk("dev", project());
    objects = manifests(out);
    recorded = resources(out);
  });

  it("gives every tenant the same set of objects", () => {
    const namespaces = tenantNamespaces(objects);
    assert.equal(namespaces.length, TENANTS);
    const setOf = (namespace: string): string =>
      objects
        .filter((o) => o.metadata.namespace === namespace)
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort()
        .join(" ");
    const first = setOf(namespaces[0] ?? "");
    assert.match(first, /NetworkPolicy\/default-deny/);
    for (const namespace of namespaces) assert.equal(setOf(namespace), first, namespace);
  });

  it("serves every tenant through the one Gateway and its one address, on listeners of its own", () => {
    const gateways = objects.filter((o) => o.kind === "Gateway");
    const addresses = recorded.filter((r) => r.type === "azure-native:network:PublicIPAddress");
    assert.equal(gateways.length, 1);
    assert.equal(addresses.length, 1);
    const [gateway] = gateways;
    const listenerSets = objects.filter((o) => o.kind === "ListenerSet");
    assert.equal(listenerSets.length, TENANTS);
    for (const set of listenerSets) {
      const spec = set.spec as {
        parentRef: { name: string };
        listeners: { allowedRoutes: { namespaces: { selector: { matchLabels: object } } } }[];
      };
      assert.equal(spec.parentRef.name, gateway?.metadata.name);
      assert.equal(set.metadata.namespace, gateway?.metadata.namespace);
    }
    // Each tenant's hosts: on a listener open to its namespace alone (verify/ judges it).
    const verdict = JSON.parse(
      fs.readFileSync(path.join(out, "isolation.json"), "utf8"),
    ) as Verdict;
    const hostsServed = new Set(verdict.edge.map((p) => `${p.tenant} ${p.host}`));
    assert.equal(hostsServed.size, TENANTS);
  });

  it("lets no pod of tenant A through tenant B's ingress, and no egress of A reach B", () => {
    const policies = objects.filter(
      (o) => o.kind === "NetworkPolicy",
    ) as unknown as NetworkPolicy[];
    const ports: Port[] = [53, 80, 443, 1433, 3389, 8080].map((port) => ({
      protocol: "TCP",
      port,
    }));
    const podsOf = (namespace: string, subnet: number): Endpoint[] =>
      [...COMPONENTS.map((c) => componentLabels(namespace, c)), {}].map((labels, i) => ({
        kind: "pod",
        namespace,
        namespaceLabels: { "kubernetes.io/metadata.name": namespace },
        labels,
        ip: `10.244.${subnet}.${i + 2}`,
      }));
    // tenant-00 lists 0.0.0.0/0 as egress; tenant-01 a single address.
    const a = podsOf("tenant-00", 0);
    const b = podsOf("tenant-01", 1);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const source of from)
        for (const destination of to)
          for (const port of ports) {
            const flow = `${JSON.stringify(source.kind === "pod" ? source.labels : {})} → ${port.port}`;
            assert.equal(ingressAllowed(policies, source, destination, port), false, flow);
            assert.equal(egressAllowed(policies, source, destination, port), false, flow);
          }
    }
  });

  it("verifies clean: no flow between tenants, each tenant's flows as declared, all guardrails", () => {
    const verdict = JSON.parse(
      fs.readFileSync(path.join(out, "isolation.json"), "utf8"),
    ) as Verdict;
    assert.deepEqual(verdict.violations, []);
    assert.deepEqual(
      verdict.guardrails.filter((g) => !g.passed).map((g) => g.id),
      [],
    );
    const namespaceOf = (id: string): string => id.slice(0, id.indexOf("/"));
    const crossing = verdict.flows.filter(
      (f) =>
        f.from.startsWith("tenant-") &&
        f.to.startsWith("tenant-") &&
        namespaceOf(f.from) !== namespaceOf(f.to),
    );
    assert.deepEqual(crossing, []);
    // Every tenant reaches its database from web and services, through its own policies.
    for (const namespace of tenantNamespaces(objects)) {
      for (const client of ["web", "services"]) {
        assert.ok(
          verdict.flows.some(
            (f) =>
              f.from === `${namespace}/${client}` &&
              f.to === `${namespace}/database` &&
              f.port === "TCP/1433",
          ),
          `${namespace}/${client}`,
        );
      }
    }
  });

  it("never makes one tenant wait for another: no dependency across tenants, chains of 6 at most", () => {
    const owners = tenantOf(recorded as unknown as RecordedResource[]);
    for (const resource of recorded) {
      const owner = owners.get(resource.urn);
      if (owner === undefined) continue;
      for (const dependency of resource.dependencies) {
        const other = owners.get(dependency);
        assert.ok(
          other === undefined || other === owner,
          `${resource.urn} waits for ${dependency}`,
        );
      }
    }
    assert.ok(maxDependencyDepth(recorded) <= 6, String(maxDependencyDepth(recorded)));
  });

  it("closes every tenant's quota to LoadBalancer and NodePort Services, not to ClusterIP", () => {
    const quotas = objects.filter((o) => o.kind === "ResourceQuota");
    assert.equal(quotas.length, TENANTS);
    for (const quota of quotas) {
      const hard = (quota.spec?.hard ?? {}) as Record<string, string>;
      assert.equal(quotaAdmitsService(hard, "LoadBalancer"), false, quota.metadata.namespace);
      assert.equal(quotaAdmitsService(hard, "NodePort"), false, quota.metadata.namespace);
      assert.equal(quotaAdmitsService(hard, "ClusterIP"), true, quota.metadata.namespace);
    }
  });

  it("binds each tenant's groups in its own namespace only, never cluster-wide", () => {
    const bindings = objects.filter(
      (o) => o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding",
    );
    for (let i = 0; i < TENANTS; i++) {
      const own = `tenant-${String(i).padStart(2, "0")}`;
      for (const group of [groupOf(i, 1), groupOf(i, 2)]) {
        const naming = bindings.filter((b) =>
          (b.subjects as { name: string }[] | undefined)?.some((s) => s.name === group),
        );
        assert.deepEqual(
          naming.map((b) => `${b.kind} ${b.metadata.namespace ?? "(cluster)"}`),
          [`RoleBinding ${own}`],
          group,
        );
      }
    }
  });

  it("protects every tenant's namespace, volumes, credentials and passwords", () => {
    for (let i = 0; i < TENANTS; i++) {
      const tenant = `tenant-${String(i).padStart(2, "0")}`;
      const data = recorded.filter((r) =>
        [
          `${tenant}-namespace`,
          `${tenant}-database-data`,
          `${tenant}-app-data`,
          `${tenant}-database-credentials`,
          `${tenant}-database-password`,
          `${tenant}-application-login-password`,
        ].includes(r.name),
      );
      assert.equal(data.length, 6, tenant);
      for (const resource of data) assert.equal(resource.protect, true, resource.name);
    }
  });

  it("keeps every tenant volume (database, files) on a class that retains its data, and allows that class", () => {
    const classes = new Map(
      objects.filter((o) => o.kind === "StorageClass").map((o) => [o.metadata.name, o]),
    );
    const namespaces = new Map(
      objects.filter((o) => o.kind === "Namespace").map((o) => [o.metadata.name, o]),
    );
    const claims = objects.filter((o) => o.kind === "PersistentVolumeClaim");
    assert.equal(claims.length, 2 * TENANTS);
    for (const claim of claims) {
      const className = String(claim.spec?.storageClassName);
      assert.equal(classes.get(className)?.reclaimPolicy, "Retain", claim.metadata.namespace);
      const allowed = namespaces.get(claim.metadata.namespace ?? "")?.metadata.annotations?.[
        "tenancy.dev/allowed-storage-classes"
      ];
      assert.ok(allowed?.split(",").includes(className), `${claim.metadata.namespace}: ${allowed}`);
    }
  });

  it("keeps each tenant's files in a storage account of its own, which no other tenant may claim", () => {
    const fileClasses = objects.filter(
      (o) => o.kind === "StorageClass" && o.provisioner === "file.csi.azure.com",
    );
    assert.equal(fileClasses.length, TENANTS);
    // The driver puts a class's shares in the account whose tags match: one tag set per tenant.
    const tags = fileClasses.map((c) => (c.parameters as Record<string, string>).tags);
    assert.equal(new Set(tags).size, TENANTS);
    assert.ok(
      fileClasses.every((c) => (c.parameters as Record<string, string>).matchTags === "true"),
    );
    for (const c of fileClasses) {
      const allowedBy = objects.filter(
        (o) =>
          o.kind === "Namespace" &&
          (o.metadata.annotations?.["tenancy.dev/allowed-storage-classes"] ?? "")
            .split(",")
            .includes(c.metadata.name),
      );
      assert.equal(allowedBy.length, 1, c.metadata.name);
    }
  });

  it("has the database create a login of the application's own, not sa", () => {
    // Secret values render hidden: the login is in the database's environment.
    for (const w of inventoryOf(objects).workloads.filter((x) => x.id.endsWith("/database"))) {
      const [container] = (w.spec.containers ?? []) as {
        env?: { name: string; value?: string }[];
      }[];
      const env = container?.env ?? [];
      const login = env.find((e) => e.name === "WFGEN_DATABASE_USER_USERNAME")?.value;
      assert.ok(login !== undefined && login.toLowerCase() !== "sa", w.id);
    }
  });

  it("keeps no application data in a container's writable layer: C:\\wfgen\\data is the tenant's own claim", () => {
    for (const w of inventoryOf(objects).workloads.filter((x) => /\/(web|services)$/.test(x.id))) {
      const spec = w.spec as {
        volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
        containers: { volumeMounts?: { name: string; mountPath: string }[] }[];
      };
      for (const container of spec.containers) {
        const mount = container.volumeMounts?.find((m) => m.mountPath === "C:\\wfgen\\data");
        const volume = spec.volumes?.find((v) => v.name === mount?.name);
        const claim = objects.find(
          (o) =>
            o.kind === "PersistentVolumeClaim" &&
            o.metadata.namespace === w.namespace &&
            o.metadata.name === volume?.persistentVolumeClaim?.claimName,
        );
        assert.ok(claim, `${w.id}: C:\\wfgen\\data is not a claim of its namespace`);
      }
    }
  });

  it("runs Pod Security at restricted in every tenant namespace, and its own pods pass it", () => {
    for (const namespace of objects.filter(
      (o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"],
    )) {
      assert.equal(namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
    }
    const inventory = inventoryOf(objects);
    assert.ok(inventory.workloads.length > 0);
    for (const w of inventory.workloads) {
      const level = inventory.namespaces.get(w.namespace)?.labels[ENFORCE_LABEL] ?? "privileged";
      assert.deepEqual(podSecurityFailures(level as PodSecurityLevel, w.spec as PodSpec), [], w.id);
    }
  });
});

describe("decommissioning", () => {
  it("lifts protection from the marked tenant's data only, and keeps the volume claim on delete", () => {
    const recorded = resources(renderOk("dev", project([7], 9)));
    const protectedNames = new Set(recorded.filter((r) => r.protect === true).map((r) => r.name));
    assert.equal(protectedNames.has("tenant-7-database-data"), false);
    assert.equal(protectedNames.has("tenant-7-namespace"), false);
    assert.equal(protectedNames.has("tenant-8-database-data"), true);
    const claim = recorded.find((r) => r.name === "tenant-7-database-data");
    assert.equal(claim?.retainOnDelete, true);
  });
});
