import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { admissionRules } from "../../components/cluster/admission-policies";
import { SECRET_PLACEHOLDER } from "../../scripts/render/index";
import { parseQuantity } from "../../stacks/fields/quantity";
import {
  connectionAllowed,
  ingressAllowed,
  matchesSelector,
  verify,
  type Endpoint,
  type NetworkPolicy,
} from "../../verify";
import { matches, refusals } from "../helpers/admission";
import { existingStack, makeProject } from "../helpers/project";
import { manifests, renderOk, resources, type Manifest, type Resource } from "../helpers/render";
import { ADMINS, CATALOG_BASE } from "../helpers/tenants";

/**
 * Each tenant's application as rendered for the dev stack, judged the way a reviewer of the
 * YAML would: where traffic can go, what the certificates cover, what the quota admits.
 */

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    serviceAccountName?: string;
    automountServiceAccountToken?: boolean;
    containers: {
      image: string;
      ports?: { name?: string; containerPort: number }[];
      resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    }[];
  };
}

interface Workload {
  readonly namespace: string;
  readonly kind: string;
  readonly replicas: number;
  /** Extra pods a rollout may add. */
  readonly surge: number;
  readonly pod: PodTemplate;
}

function workloads(objects: Manifest[]): Workload[] {
  return objects
    .filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")
    .map((o) => {
      const spec = o.spec as {
        replicas: number;
        template: PodTemplate;
        strategy?: { rollingUpdate?: { maxSurge?: number } };
      };
      return {
        namespace: o.metadata.namespace ?? "",
        kind: o.kind,
        replicas: spec.replicas,
        surge: spec.strategy?.rollingUpdate?.maxSurge ?? 0,
        pod: spec.template,
      };
    });
}

const componentOf = (w: Workload): string =>
  w.pod.metadata.labels["app.kubernetes.io/component"] ?? "";

const podEndpoint = (namespace: string, labels: Record<string, string>): Endpoint => ({
  kind: "pod",
  namespace,
  namespaceLabels: { "kubernetes.io/metadata.name": namespace },
  labels,
});

const policiesOf = (objects: Manifest[]): NetworkPolicy[] =>
  objects.filter((o) => o.kind === "NetworkPolicy") as unknown as NetworkPolicy[];

const inNamespace = (objects: Manifest[], namespace: string, kind: string): Manifest[] =>
  objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace);

/** The compute resources a quota caps for containers (`requests.storage` is for claims). */
const computeCapped = (hard: Record<string, string>): string[] => [
  ...new Set(
    Object.keys(hard)
      .filter((key) => /^(requests|limits)\./.test(key) && key !== "requests.storage")
      .map((key) => key.split(".")[1] ?? ""),
  ),
];

describe("the dev stack's tenant applications", () => {
  let objects: Manifest[] = [];
  let recorded: Resource[] = [];
  let tenants: string[] = [];
  let proxy: Endpoint;

  before(() => {
    const out = renderOk("dev");
    objects = manifests(out);
    recorded = resources(out);
    tenants = objects
      .filter((o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"])
      .map((o) => o.metadata.name);
    const release = recorded.find((r) => r.name === "cluster-envoy-gateway");
    const [gateway] = objects.filter((o) => o.kind === "Gateway");
    assert.ok(release && gateway, "Envoy Gateway and the Gateway are installed");
    // Envoy Gateway runs a Gateway's proxies in its own namespace, labelled with the Gateway.
    // https://github.com/envoyproxy/gateway/blob/v1.9.0/internal/infrastructure/kubernetes/proxy/resource.go
    proxy = podEndpoint(String(release.inputs.namespace), {
      "app.kubernetes.io/name": "envoy",
      "app.kubernetes.io/component": "proxy",
      "gateway.envoyproxy.io/owning-gateway-name": gateway.metadata.name,
      "gateway.envoyproxy.io/owning-gateway-namespace": gateway.metadata.namespace ?? "",
    });
  });

  it("gives tenants no cert-manager rights: its roles are not aggregated into admin, edit or view", () => {
    // The chart labels its roles for aggregation into the built-in roles unless this is false.
    // https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/templates/rbac.yaml
    const certManager = recorded.find(
      (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cert-manager",
    );
    const values = certManager?.inputs.values as
      { global?: { rbac?: { aggregateClusterRoles?: boolean } }; extraArgs?: string[] } | undefined;
    assert.equal(values?.global?.rbac?.aggregateClusterRoles, false);
    // Nor a certificate from annotations on an Ingress or Gateway of theirs: both shims are off.
    // https://cert-manager.io/docs/cli/controller/ (--controllers)
    const controllers = (values.extraArgs ?? []).find((arg) => arg.startsWith("--controllers="));
    assert.deepEqual(controllers?.split("=")[1]?.split(",").sort(), [
      "*",
      "-gateway-shim",
      "-ingress-shim",
    ]);
  });

  it("shows every Secret key by key, each value hidden, generated passwords included", () => {
    const secrets = objects.filter((o) => o.kind === "Secret");
    assert.ok(secrets.length >= 2 * tenants.length, String(secrets.length));
    for (const secret of secrets) {
      const data = { ...(secret.data as object), ...(secret.stringData as object) };
      assert.ok(Object.keys(data).length > 0, `${secret.metadata.name}: its keys are shown`);
      for (const [key, value] of Object.entries(data)) {
        assert.equal(
          value,
          SECRET_PLACEHOLDER,
          `${secret.metadata.namespace}/${secret.metadata.name} ${key}`,
        );
      }
    }
    // A generated password flows into the cluster as the engine shows it: a secret, never computed.
    const cluster = recorded.find((r) => r.type === "azure-native:containerservice:ManagedCluster");
    const profile = cluster?.inputs.windowsProfile as { adminPassword?: unknown } | undefined;
    assert.equal(profile?.adminPassword, SECRET_PLACEHOLDER);
  });

  it("passes every admission rule with the platform's own objects", () => {
    // The plural resource of a kind, as admission requests name it.
    const resourceOf = (kind: string): string =>
      kind.toLowerCase().replace(/y$/, "ie").replace(/ss$/, "sse") + "s";
    let judged = 0;
    for (const namespace of tenants) {
      const namespaceObject = objects.find(
        (o) => o.kind === "Namespace" && o.metadata.name === namespace,
      );
      for (const object of objects.filter((o) => o.metadata.namespace === namespace)) {
        const apiVersion = String(object.apiVersion);
        const request = {
          operation: "CREATE" as const,
          group: apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "",
          resource: resourceOf(object.kind),
          object,
          namespaceObject,
          userInfo: { username: "pulumi-deployer", groups: ["platform-admins"] },
        };
        for (const rule of admissionRules("aks")) {
          assert.deepEqual(
            refusals(rule, request),
            [],
            `${namespace}/${object.kind}/${object.metadata.name} by ${rule.name}`,
          );
          if (matches(rule, request)) judged++;
        }
      }
    }
    assert.ok(judged > tenants.length * 10, String(judged));
  });

  it("fits the platform's objects, and what controllers add, in each quota's object counts", () => {
    // Every namespace gets a default ServiceAccount and the cluster's CA ConfigMap; each
    // Deployment keeps ReplicaSets, at least one.
    const added: Record<string, number> = { ServiceAccount: 1, ConfigMap: 1 };
    const countKey = (kind: string, apiVersion: string): string => {
      const group = apiVersion.includes("/") ? `.${apiVersion.split("/")[0] ?? ""}` : "";
      const plural = kind.toLowerCase().replace(/y$/, "ie").replace(/ss$/, "sse") + "s";
      return `count/${plural}${group}`;
    };
    for (const namespace of tenants) {
      const [quota] = inNamespace(objects, namespace, "ResourceQuota");
      const hard = (quota?.spec as { hard: Record<string, string> }).hard;
      const counts = new Map<string, number>();
      const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
      for (const object of objects.filter((o) => o.metadata.namespace === namespace)) {
        add(countKey(object.kind, String(object.apiVersion)), 1);
        if (object.kind === "Deployment") add("count/replicasets.apps", 1);
      }
      for (const [kind, n] of Object.entries(added)) add(countKey(kind, "v1"), n);
      for (const [key, used] of counts) {
        if (hard[key] === undefined) continue;
        assert.ok(used <= Number(hard[key]), `${namespace}: ${key} ${String(used)} > ${hard[key]}`);
      }
      // Kinds a tenant must not create at all.
      assert.equal(hard["count/daemonsets.apps"], "0");
      assert.equal(hard["count/ingresses.networking.k8s.io"], "0");
    }
  });

  it("queues each tenant's API requests in the tenants' own priority level", () => {
    const level = objects.find((o) => o.kind === "PriorityLevelConfiguration");
    assert.ok(level);
    for (const namespace of tenants) {
      const ns = objects.find((o) => o.kind === "Namespace" && o.metadata.name === namespace);
      const groups = (ns?.metadata.annotations?.["tenancy.dev/groups"] ?? "").split(",");
      const schema = objects.find(
        (o) =>
          o.kind === "FlowSchema" &&
          o.metadata.labels?.["tenancy.dev/tenant"] === ns?.metadata.labels?.["tenancy.dev/tenant"],
      );
      const spec = schema?.spec as {
        priorityLevelConfiguration: { name: string };
        rules: {
          subjects: { group?: { name: string }; serviceAccount?: { namespace: string } }[];
        }[];
      };
      assert.equal(spec.priorityLevelConfiguration.name, level.metadata.name);
      const subjects = spec.rules.flatMap((r) => r.subjects);
      for (const group of groups)
        assert.ok(
          subjects.some((s) => s.group?.name === group),
          group,
        );
      assert.ok(subjects.some((s) => s.serviceAccount?.namespace === namespace));
    }
  });

  it("keeps every tenant pod from the node's metadata service and wire server, ahead of its own policies", () => {
    // Azure's instance metadata service and wire server, as Azure documents them.
    const nodeAddresses = ["169.254.169.254", "168.63.129.16"];
    const [policy] = objects.filter((o) => o.kind === "GlobalNetworkPolicy");
    const spec = policy?.spec as {
      order: number;
      namespaceSelector: string;
      selector: string;
      types: string[];
      egress: { action: string; destination: { nets: string[] } }[];
    };
    // Calico orders Kubernetes NetworkPolicies at 1000: a lower order is judged first.
    assert.ok(spec.order < 1000);
    assert.equal(spec.selector, "all()");
    const label = /^has\((.+)\)$/.exec(spec.namespaceSelector)?.[1] ?? "";
    for (const namespace of tenants) {
      const labels = objects.find((o) => o.kind === "Namespace" && o.metadata.name === namespace)
        ?.metadata.labels;
      assert.ok(labels?.[label] !== undefined, namespace);
    }
    const denied = spec.egress
      .filter((r) => r.action === "Deny")
      .flatMap((r) => r.destination.nets);
    for (const address of nodeAddresses) assert.ok(denied.includes(`${address}/32`), address);
  });

  it("runs web, services and database in every tenant", () => {
    assert.equal(tenants.length, 3);
    for (const namespace of tenants) {
      const components = workloads(objects)
        .filter((w) => w.namespace === namespace)
        .map((w) => `${w.kind}/${componentOf(w)}`)
        .sort();
      assert.deepEqual(
        components,
        ["Deployment/services", "Deployment/web", "StatefulSet/database"],
        namespace,
      );
    }
  });

  it("gives the services pod no Service and lets nothing reach it", () => {
    const policies = policiesOf(objects);
    const everyPod = workloads(objects).map((w) => podEndpoint(w.namespace, w.pod.metadata.labels));
    const sources = [proxy, ...everyPod, { kind: "external", ip: "203.0.113.5" } as const];
    for (const services of workloads(objects).filter((w) => componentOf(w) === "services")) {
      const selecting = inNamespace(objects, services.namespace, "Service").filter((s) =>
        matchesSelector(
          { matchLabels: (s.spec as { selector: Record<string, string> }).selector },
          services.pod.metadata.labels,
        ),
      );
      assert.deepEqual(selecting, [], `a Service selects ${services.namespace}/services`);
      const target = podEndpoint(services.namespace, services.pod.metadata.labels);
      for (const source of sources)
        for (const port of [80, 443, 1433, 3389, 5985, 8089])
          assert.equal(
            ingressAllowed(policies, source, target, { protocol: "TCP", port }),
            false,
            `${JSON.stringify(source)} reaches ${services.namespace}/services on ${String(port)}`,
          );
    }
  });

  // Judged on the database's side alone: a tenant may open its own egress (self-service).
  it("lets each database accept its own tenant's web and services pods, and no other pod", () => {
    const policies = policiesOf(objects);
    const pods = workloads(objects);
    const solver = (namespace: string) =>
      podEndpoint(namespace, { "acme.cert-manager.io/http01-solver": "true" });
    for (const database of pods.filter((w) => componentOf(w) === "database")) {
      const target = podEndpoint(database.namespace, database.pod.metadata.labels);
      const admitted = [
        proxy,
        ...tenants.map(solver),
        ...pods.map((w) => podEndpoint(w.namespace, w.pod.metadata.labels)),
      ]
        .filter((source) =>
          ingressAllowed(policies, source, target, { protocol: "TCP", port: 1433 }),
        )
        .map((source) =>
          source.kind === "pod"
            ? `${source.namespace}/${source.labels["app.kubernetes.io/component"] ?? "?"}`
            : source.ip,
        )
        .sort();
      assert.deepEqual(admitted, [`${database.namespace}/services`, `${database.namespace}/web`]);
    }
  });

  it("routes each tenant's hosts to its web pods, which admit the Gateway's proxies", () => {
    const policies = policiesOf(objects);
    for (const namespace of tenants) {
      const [route] = inNamespace(objects, namespace, "HTTPRoute");
      const spec = route?.spec as { rules: { backendRefs: { name: string; port: number }[] }[] };
      const backend = spec.rules[0]?.backendRefs[0];
      const service = inNamespace(objects, namespace, "Service").find(
        (s) => s.metadata.name === backend?.name,
      );
      const serviceSpec = service?.spec as {
        selector: Record<string, string>;
        ports: { port: number; targetPort: string }[];
      };
      const servicePort = serviceSpec.ports.find((p) => p.port === backend?.port);
      assert.ok(servicePort, `${namespace}: the route names a port its Service lacks`);
      const web = workloads(objects).find(
        (w) =>
          w.namespace === namespace &&
          matchesSelector({ matchLabels: serviceSpec.selector }, w.pod.metadata.labels),
      );
      assert.equal(web && componentOf(web), "web");
      const containerPort = web?.pod.spec.containers[0]?.ports?.find(
        (p) => p.name === servicePort.targetPort,
      );
      assert.ok(containerPort, `${namespace}: the Service targets a port the pod lacks`);
      const namespaceLabels = objects.find(
        (o) => o.kind === "Namespace" && o.metadata.name === namespace,
      )?.metadata.labels;
      const target = {
        ...podEndpoint(namespace, web?.pod.metadata.labels ?? {}),
        namespaceLabels: { ...namespaceLabels, "kubernetes.io/metadata.name": namespace },
      };
      const port = { protocol: "TCP", port: containerPort.containerPort };
      assert.equal(connectionAllowed(policies, proxy, target, port), true);
    }
  });

  it("serves every tenant host on a listener open to that tenant only, with a certificate", () => {
    const issuers = objects.filter((o) => o.kind === "ClusterIssuer").map((o) => o.metadata.name);
    const verdict = verify(objects);
    assert.deepEqual(verdict.violations, []);
    for (const namespace of tenants) {
      const [route] = inNamespace(objects, namespace, "HTTPRoute");
      const hosts = (route?.spec as { hostnames: string[] }).hostnames;
      const served = verdict.edge.filter((p) => p.route === `${namespace}/web`).map((p) => p.host);
      assert.deepEqual(served.sort(), [...hosts].sort(), namespace);
    }
    for (const certificate of objects.filter((o) => o.kind === "Certificate")) {
      const ref = (certificate.spec as { issuerRef: { kind: string; name: string } }).issuerRef;
      assert.equal(ref.kind, "ClusterIssuer");
      assert.ok(issuers.includes(ref.name), `${ref.name} missing`);
    }
  });

  it("lets cert-manager check a challenge through the proxies before Let's Encrypt does", () => {
    const certManager = recorded.find(
      (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cert-manager",
    );
    // The chart's controller pods, as its templates label them.
    const controller = podEndpoint(String(certManager?.inputs.namespace), {
      "app.kubernetes.io/name": "cert-manager",
      "app.kubernetes.io/component": "controller",
    });
    const policies = policiesOf(objects);
    const tcp = (port: number) => ({ protocol: "TCP", port });
    assert.equal(connectionAllowed(policies, controller, proxy, tcp(10080)), true);
    assert.equal(connectionAllowed(policies, controller, proxy, tcp(19000)), false);
  });

  it("answers certificate challenges through the Gateway's plain-HTTP listener, away from tenants", () => {
    const issuer = objects.find((o) => o.kind === "ClusterIssuer");
    const [solver] = (
      issuer?.spec as {
        acme: {
          solvers: {
            http01: {
              gatewayHTTPRoute: {
                parentRefs: { name: string; namespace: string; sectionName: string }[];
              };
            };
          }[];
        };
      }
    ).acme.solvers;
    const [parent] = solver?.http01.gatewayHTTPRoute.parentRefs ?? [];
    const gateway = objects.find(
      (o) =>
        o.kind === "Gateway" &&
        o.metadata.name === parent?.name &&
        o.metadata.namespace === parent.namespace,
    );
    const listener = (
      gateway?.spec as {
        listeners: {
          name: string;
          protocol: string;
          allowedRoutes: { namespaces: { from: string } };
        }[];
      }
    ).listeners.find((l) => l.name === parent?.sectionName);
    assert.equal(listener?.protocol, "HTTP");
    // Only the edge namespace, where the Certificates live, may attach routes to it.
    assert.equal(listener.allowedRoutes.namespaces.from, "Same");
    assert.ok(!tenants.includes(parent?.namespace ?? ""));
  });

  it("fits each application in its quota during a rollout, every container with requests and limits", () => {
    for (const namespace of tenants) {
      const [quota] = inNamespace(objects, namespace, "ResourceQuota");
      const hard = (quota?.spec as { hard: Record<string, string> }).hard;
      const used: Record<string, number> = { pods: 0 };
      for (const w of workloads(objects).filter((x) => x.namespace === namespace)) {
        const pods = w.replicas + w.surge;
        used.pods = (used.pods ?? 0) + pods;
        for (const container of w.pod.spec.containers)
          for (const side of ["requests", "limits"] as const)
            for (const kind of computeCapped(hard)) {
              const value = container.resources?.[side]?.[kind];
              assert.ok(value, `${namespace}: a container without ${side}.${kind}`);
              const key = `${side}.${kind}`;
              used[key] = (used[key] ?? 0) + pods * (parseQuantity(value) ?? 0);
            }
      }
      for (const [key, value] of Object.entries(used))
        assert.ok(
          value <= (parseQuantity(hard[key] ?? "0") ?? 0),
          `${namespace}: ${key} ${String(value)}`,
        );
    }
  });

  it("admits a pod that names no resources: the LimitRange defaults every figure the quota caps", () => {
    for (const namespace of tenants) {
      const [quota] = inNamespace(objects, namespace, "ResourceQuota");
      const hard = (quota?.spec as { hard: Record<string, string> }).hard;
      const kinds = computeCapped(hard);
      assert.ok(kinds.includes("ephemeral-storage"), `${namespace}: ephemeral storage uncapped`);
      const [limitRange] = inNamespace(objects, namespace, "LimitRange");
      const container = (
        limitRange?.spec as { limits: { type: string; [side: string]: unknown }[] }
      ).limits.find((l) => l.type === "Container") as Record<string, Record<string, string>>;
      for (const kind of kinds) {
        const request = parseQuantity(container.defaultRequest?.[kind] ?? "") ?? 0;
        const limit = parseQuantity(container.default?.[kind] ?? "") ?? 0;
        assert.ok(request > 0 && limit >= request, `${namespace}: no default for ${kind}`);
      }
    }
  });

  it("runs every pod under its own service account, with no API token, from allowed registries", () => {
    for (const w of workloads(objects)) {
      const where = `${w.namespace}/${componentOf(w)}`;
      const account = inNamespace(objects, w.namespace, "ServiceAccount").find(
        (a) => a.metadata.name === w.pod.spec.serviceAccountName,
      );
      assert.equal(w.pod.spec.serviceAccountName, componentOf(w), where);
      assert.equal(account?.automountServiceAccountToken, false, where);
      assert.equal(w.pod.spec.automountServiceAccountToken, false, where);
      const namespace = objects.find(
        (o) => o.kind === "Namespace" && o.metadata.name === w.namespace,
      );
      const allowed = (
        namespace?.metadata.annotations?.["tenancy.dev/allowed-registries"] ?? ""
      ).split(",");
      for (const { image } of w.pod.spec.containers) {
        assert.ok(
          allowed.some((r) => image.startsWith(`${r}/`)),
          `${where}: ${image}`,
        );
        assert.match(image, /:(?!latest$)[\w.-]+$|@sha256:[a-f0-9]{64}$/, `${where}: ${image}`);
      }
    }
  });
});

describe("a cluster whose certificates come from its own issuer", () => {
  it("names that issuer and creates none", () => {
    const project = makeProject({
      stacks: { lab: existingStack("lab") },
      catalogs: {
        lab: {
          domain: "lab.example.com",
          ...CATALOG_BASE,
          tenants: [{ name: "alpha", admins: ADMINS }],
        },
      },
    });
    const objects = manifests(renderOk("lab", project));
    assert.deepEqual(
      objects.filter((o) => o.kind === "ClusterIssuer"),
      [],
    );
    const certificate = objects.find((o) => o.kind === "Certificate");
    assert.deepEqual((certificate?.spec as { issuerRef: unknown }).issuerRef, {
      kind: "ClusterIssuer",
      name: "corporate-ca",
    });
  });
});
