import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { changedInputs } from "../helpers/engine-diff";
import { EMPTY_CATALOG, linuxAksStack, makeProject } from "../helpers/project";
import { renderOk, resources, type Resource } from "../helpers/render";

/**
 * After the cloud's own channel has upgraded a cluster, the next `up` must change nothing it did:
 * no version taken back (AKS refuses a downgrade, so `up` would fail), no pool replaced. Each case
 * renders a stack, writes the state the cloud would report after its upgrade, and diffs what the
 * program sends next against it as the engine does (ignoreChanges honoured).
 */

type CloudUpgrade = (resource: Resource) => Record<string, unknown>;

const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";
const AKS_POOL = "azure-native:containerservice:AgentPool";
const GKE_CLUSTER = "gcp:container/cluster:Cluster";
const GKE_POOL = "gcp:container/nodePool:NodePool";

/** Every resource whose inputs the next `up` would change, with the changed paths. */
function changesAfter(out: string, upgrade: CloudUpgrade, honourIgnores = true): string[] {
  return resources(out).flatMap((resource) => {
    const ignores = honourIgnores ? (resource.ignoreChanges ?? []) : [];
    const changed = changedInputs(upgrade(resource), resource.inputs, ignores);
    return changed.map((p) => `${resource.type} ${resource.name}: ${p}`);
  });
}

const report = (out: string): string => fs.readFileSync(path.join(out, "report.md"), "utf8");

describe("upgrades the cloud makes on its own", () => {
  it("AKS channel stable moves the minor: the next up keeps it", () => {
    const project = makeProject({
      stacks: { stable: linuxAksStack({ kubernetesVersion: "1.35", upgradeChannel: "stable" }) },
      catalogs: { test: EMPTY_CATALOG },
    });
    const out = renderOk("stable", project);
    const upgraded: CloudUpgrade = (r) =>
      r.type === AKS_CLUSTER
        ? {
            ...r.inputs,
            kubernetesVersion: "1.36",
            currentKubernetesVersion: "1.36.3",
            agentPoolProfiles: (r.inputs.agentPoolProfiles as object[]).map((pool) => ({
              ...pool,
              orchestratorVersion: "1.36",
            })),
          }
        : r.inputs;
    // Judged without ignoreChanges, the next up would take the cluster back to 1.35.
    assert.deepEqual(changesAfter(out, upgraded, false), [
      `${AKS_CLUSTER} cluster-aks: agentPoolProfiles[0].orchestratorVersion`,
      `${AKS_CLUSTER} cluster-aks: kubernetesVersion`,
    ]);
    assert.deepEqual(changesAfter(out, upgraded), []);
    assert.match(report(out), /Kubernetes upgrades \| AKS upgrade channel stable/);
  });

  it("AKS channel patch and node images (the shipped dev stack): nothing to take back", () => {
    const out = renderOk("dev");
    const upgraded: CloudUpgrade = (r) => {
      switch (r.type) {
        case AKS_CLUSTER:
          // AKS keeps the minor the stack wrote and reports the patch apart.
          return { ...r.inputs, currentKubernetesVersion: "1.36.3" };
        case AKS_POOL:
          return {
            ...r.inputs,
            currentOrchestratorVersion: "1.36.3",
            nodeImageVersion: "AKSWindows-2022-containerd-20348.4405.251112",
          };
        default:
          return r.inputs;
      }
    };
    assert.ok(
      resources(out).some((r) => r.type === AKS_POOL),
      "the dev stack has a Windows pool",
    );
    assert.deepEqual(changesAfter(out, upgraded), []);
    assert.match(report(out), /node image upgrades \| AKS node OS channel NodeImage/);
  });

  it("a GKE release channel past the stack's minimum (prod-europe-west1): nothing to take back", () => {
    const out = renderOk("prod-europe-west1");
    const build = "1.36.4-gke.1108000";
    const upgraded: CloudUpgrade = (r) => {
      switch (r.type) {
        case GKE_CLUSTER:
          return { ...r.inputs, masterVersion: build };
        case GKE_POOL:
          return { ...r.inputs, version: build };
        default:
          return r.inputs;
      }
    };
    // minMasterVersion stays as written: the provider reads it as a floor the channel went past.
    assert.deepEqual(changesAfter(out, upgraded), []);
    assert.match(report(out), /Kubernetes upgrades \| GKE release channel STABLE/);
  });
});
