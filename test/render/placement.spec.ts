import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  clusterPlacement,
  placementFor,
  type Placement,
  type PlacementFacts,
} from "../../components/cluster/placement";
import { readCliConfig } from "../../scripts/render/stack-config";
import type { ClusterSpec } from "../../stacks/spec";
import { readCatalog } from "../../stacks/load";
import { validateStack } from "../../stacks/validate";
import { REPO } from "../helpers/project";
import { renderOk, resources as renderedResources, type Resource } from "../helpers/render";
import { canSchedule } from "../helpers/scheduling";

/**
 * Placement checked against the node pools as rendered, with each platform's own behaviour
 * modelled: the kubelet labels every node with its OS, and GKE taints its Windows nodes itself.
 */

interface Node {
  readonly pool: string;
  /** The system pool: the cluster's and the platform's add-ons. */
  readonly system: boolean;
  readonly labels: Record<string, string>;
  readonly taints: { key: string; value?: string; effect: string }[];
}

const parseTaint = (text: string) => {
  const [keyValue = "", effect = ""] = text.split(":");
  const [key = "", value] = keyValue.split("=");
  return { key, value, effect };
};
const GKE_EFFECTS: Record<string, string> = {
  NO_SCHEDULE: "NoSchedule",
  NO_EXECUTE: "NoExecute",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

/** An AKS pool's nodes: the kubelet adds the OS label; AKS adds no taint of its own. */
interface AksPool {
  name?: string;
  agentPoolName?: string;
  mode?: string;
  osType: string;
  nodeLabels?: Record<string, string>;
  nodeTaints?: string[];
}
const aksNode = (pool: AksPool): Node => ({
  pool: pool.agentPoolName ?? pool.name ?? "",
  system: pool.mode === "System",
  labels: { ...pool.nodeLabels, "kubernetes.io/os": pool.osType.toLowerCase() },
  taints: (pool.nodeTaints ?? []).map(parseTaint),
});

/** The nodes of every pool; on GKE the system pool is the one the stack names. */
function nodesOf(resources: Resource[], gkeSystemPool?: string): Node[] {
  const nodes: Node[] = [];
  for (const r of resources) {
    const inputs: unknown = r.inputs;
    if (r.type === "azure-native:containerservice:ManagedCluster") {
      nodes.push(...(inputs as { agentPoolProfiles: AksPool[] }).agentPoolProfiles.map(aksNode));
    } else if (r.type === "azure-native:containerservice:AgentPool") {
      nodes.push(aksNode(inputs as AksPool));
    } else if (r.type === "gcp:container/nodePool:NodePool") {
      const pool = inputs as {
        name: string;
        nodeConfig: {
          imageType: string;
          labels?: Record<string, string>;
          taints?: { key: string; value: string; effect: string }[];
        };
      };
      const windows = pool.nodeConfig.imageType.startsWith("WINDOWS");
      const taints = (pool.nodeConfig.taints ?? []).map((t) => ({
        ...t,
        effect: GKE_EFFECTS[t.effect] ?? t.effect,
      }));
      if (windows)
        taints.push({ key: "node.kubernetes.io/os", value: "windows", effect: "NoSchedule" });
      nodes.push({
        pool: pool.name,
        system: pool.name === gkeSystemPool,
        labels: { ...pool.nodeConfig.labels, "kubernetes.io/os": windows ? "windows" : "linux" },
        taints,
      });
    }
  }
  return nodes;
}

function clusterSpecOf(stack: string): ClusterSpec {
  const cli = readCliConfig(REPO, stack);
  const result = validateStack({
    config: cli.config,
    secretKeys: new Set(cli.secretKeys),
    readCatalog: (environment) => readCatalog(REPO, environment),
  });
  assert.ok(result.ok && result.role === "region");
  return result.spec.cluster;
}

/** The application's pods as rendered: each workload's template, by namespace and component. */
interface RenderedPod {
  readonly namespace: string;
  readonly component: string;
  readonly os: string;
  readonly placement: Placement;
}

function renderedPods(resources: Resource[]): RenderedPod[] {
  return resources
    .filter((r) => /^kubernetes:apps\/v1:(Deployment|StatefulSet)$/.test(r.type))
    .map((r) => {
      const inputs = r.inputs as {
        metadata: { namespace: string };
        spec: {
          template: {
            metadata: { labels: Record<string, string> };
            spec: { os?: { name: string }; nodeSelector?: Record<string, string> } & {
              tolerations?: Placement["tolerations"];
            };
          };
        };
      };
      const pod = inputs.spec.template;
      return {
        namespace: inputs.metadata.namespace,
        component: pod.metadata.labels["app.kubernetes.io/component"] ?? "",
        os: pod.spec.os?.name ?? "",
        placement: {
          nodeSelector: pod.spec.nodeSelector ?? {},
          tolerations: pod.spec.tolerations ?? [],
        },
      };
    });
}

/** Web and services pods fit Windows nodes only, the database Linux nodes only, each somewhere. */
function assertAppPodsOnTheirOs(resources: Resource[], nodes: Node[]): void {
  const pods = renderedPods(resources);
  assert.deepEqual([...new Set(pods.map((p) => p.component))].sort(), [
    "database",
    "services",
    "web",
  ]);
  for (const pod of pods) {
    const os = pod.component === "database" ? "linux" : "windows";
    const fits = nodes.filter((n) => canSchedule(pod.placement, n));
    const where = `${pod.namespace}/${pod.component}`;
    assert.equal(pod.os, os, `${where} declares spec.os.name ${pod.os}`);
    assert.ok(fits.length > 0, `${where} fits no node`);
    assert.ok(
      fits.every((n) => n.labels["kubernetes.io/os"] === os && !n.system),
      `${where} fits ${fits.map((n) => n.pool).join(", ")}`,
    );
  }
}

/**
 * The system pool holds the add-ons and nothing of tenants': a pod that neither selects nor
 * tolerates anything (as the add-ons' charts deploy them) fits the system pool only, and no
 * tenant placement fits it.
 */
function assertSystemPoolApart(placement: PlacementFacts, nodes: Node[]): void {
  const system = nodes.filter((n) => n.system).map((n) => n.pool);
  assert.equal(system.length, 1, "one system pool");
  assert.deepEqual(poolsFor({ nodeSelector: {}, tolerations: [] }, nodes), system);
  for (const tier of ["small", "medium", "large"] as const) {
    for (const os of ["linux", "windows"] as const) {
      const pools = poolsFor(placementFor(placement, os, tier), nodes);
      assert.ok(pools.length > 0 && !pools.some((p) => system.includes(p)), `${tier} ${os}`);
    }
  }
}

const poolsFor = (placement: Placement, nodes: Node[]): string[] =>
  nodes
    .filter((n) => canSchedule(placement, n))
    .map((n) => n.pool)
    .sort();

describe("AKS dev stack", () => {
  let resources: Resource[] = [];
  let nodes: Node[] = [];
  before(() => {
    resources = renderedResources(renderOk("dev"));
    nodes = nodesOf(resources);
  });

  it("has the Linux system pool inline, and tenants' Linux and Windows pools as User AgentPools", () => {
    const cluster = resources.find(
      (r) => r.type === "azure-native:containerservice:ManagedCluster",
    );
    const inline = cluster?.inputs.agentPoolProfiles as { osType: string; mode: string }[];
    assert.deepEqual(
      inline.map((p) => [p.osType, p.mode]),
      [["Linux", "System"]],
    );
    const pools = resources.filter((r) => r.type === "azure-native:containerservice:AgentPool");
    assert.deepEqual([...new Set(pools.map((p) => p.inputs.osType))].sort(), ["Linux", "Windows"]);
    for (const pool of pools) {
      assert.equal(pool.inputs.mode, "User");
      if (pool.inputs.osType === "Windows") assert.equal(pool.inputs.osSKU, "Windows2022");
    }
  });

  it("keeps the system pool for the add-ons, apart from every tenant pod", () => {
    assertSystemPoolApart(clusterPlacement(clusterSpecOf("dev")), nodes);
  });

  it("puts Windows workloads only on Windows nodes, tolerating their taint, and Linux ones only on Linux", () => {
    const placement = clusterPlacement(clusterSpecOf("dev"));
    const windowsPools = nodes
      .filter((n) => n.labels["kubernetes.io/os"] === "windows")
      .map((n) => n.pool)
      .sort();
    const linuxPools = nodes
      .filter((n) => n.labels["kubernetes.io/os"] === "linux" && !n.system)
      .map((n) => n.pool)
      .sort();
    assert.deepEqual(poolsFor(placementFor(placement, "windows", "small"), nodes), windowsPools);
    assert.deepEqual(poolsFor(placementFor(placement, "linux", "small"), nodes), linuxPools);
    // Without the toleration a pod would not fit a Windows node: the taint is really there.
    assert.deepEqual(
      poolsFor({ nodeSelector: { "kubernetes.io/os": "windows" }, tolerations: [] }, nodes),
      [],
    );
  });

  it("runs every tenant's web and services pods on Windows nodes and its database on Linux", () => {
    assertAppPodsOnTheirOs(resources, nodes);
  });

  it("enforces network policy with Calico on Azure CNI overlay and keeps the API server off the open internet", () => {
    const cluster = resources.find(
      (r) => r.type === "azure-native:containerservice:ManagedCluster",
    );
    const network = cluster?.inputs.networkProfile as Record<string, string>;
    assert.deepEqual(
      [network.networkPlugin, network.networkPluginMode, network.networkPolicy],
      ["azure", "overlay", "calico"],
    );
    const access = cluster?.inputs.apiServerAccessProfile as {
      authorizedIPRanges?: string[];
      enablePrivateCluster?: boolean;
    };
    const ranges = access.authorizedIPRanges ?? [];
    assert.ok(access.enablePrivateCluster === true || ranges.length > 0, "API server open to all");
    assert.ok(!ranges.includes("0.0.0.0/0"));
    assert.equal(cluster?.inputs.disableLocalAccounts, true);
  });
});

describe("GKE prod stack", () => {
  let resources: Resource[] = [];
  let nodes: Node[] = [];
  before(() => {
    resources = renderedResources(renderOk("prod-europe-west1"));
    const spec = clusterSpecOf("prod-europe-west1");
    nodes = nodesOf(resources, spec.platform === "gke" ? spec.systemPool?.name : undefined);
  });

  it("creates every tenants' pool after the system pool", () => {
    const pools = resources.filter((r) => r.type === "gcp:container/nodePool:NodePool");
    const system = pools.find((p) => nodes.some((n) => n.system && n.pool === p.inputs.name));
    assert.ok(system);
    const others = pools.filter((p) => p !== system);
    assert.ok(others.length > 1);
    for (const pool of others)
      assert.ok(
        pool.dependencies.includes(system.urn),
        `${pool.name} does not wait for ${system.name}`,
      );
  });

  it("keeps the system pool for the add-ons, apart from every tenant pod", () => {
    assertSystemPoolApart(clusterPlacement(clusterSpecOf("prod-europe-west1")), nodes);
  });

  it("places each tier's Windows pods only on that tier's dedicated Windows pool", () => {
    const placement = clusterPlacement(clusterSpecOf("prod-europe-west1"));
    for (const tier of ["small", "medium", "large"] as const) {
      const dedicated = nodes
        .filter((n) => n.labels["tenancy.dev/tier"] === tier)
        .map((n) => n.pool);
      assert.deepEqual(
        poolsFor(placementFor(placement, "windows", tier), nodes),
        dedicated.sort(),
        tier,
      );
    }
  });

  it("runs every tenant's Windows pods on its own tier's pools, its database on Linux", () => {
    assertAppPodsOnTheirOs(resources, nodes);
    const cli = readCliConfig(REPO, "prod-europe-west1");
    const result = validateStack({
      config: cli.config,
      secretKeys: new Set(cli.secretKeys),
      readCatalog: (environment) => readCatalog(REPO, environment),
    });
    assert.ok(result.ok && result.role === "region");
    const tierOf = new Map(result.spec.tenants.map((t) => [t.namespace, t.tier]));
    for (const pod of renderedPods(resources).filter((p) => p.os === "windows")) {
      const tiers = nodes
        .filter((n) => canSchedule(pod.placement, n))
        .map((n) => n.labels["tenancy.dev/tier"]);
      assert.deepEqual([...new Set(tiers)], [tierOf.get(pod.namespace)], pod.namespace);
    }
  });

  it("runs Dataplane V2 with workload identity, private nodes and authorized networks", () => {
    const cluster = resources.find((r) => r.type === "gcp:container/cluster:Cluster");
    const inputs = cluster?.inputs as Record<string, Record<string, unknown> | string | boolean>;
    assert.equal(inputs.datapathProvider, "ADVANCED_DATAPATH");
    assert.equal(inputs.removeDefaultNodePool, true);
    assert.match(
      String((inputs.workloadIdentityConfig as Record<string, unknown>).workloadPool),
      /\.svc\.id\.goog$/,
    );
    assert.equal((inputs.privateClusterConfig as Record<string, unknown>).enablePrivateNodes, true);
    const blocks = (
      inputs.masterAuthorizedNetworksConfig as { cidrBlocks: { cidrBlock: string }[] }
    ).cidrBlocks;
    assert.ok(blocks.length > 0 && blocks.every((b) => b.cidrBlock !== "0.0.0.0/0"));
  });
});
