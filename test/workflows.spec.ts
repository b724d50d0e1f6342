import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { affectedStacks, cloudOf as affectedCloudOf } from "../scripts/pipelines/affected";
import { readStackSummaries } from "../stacks/secrets/stack-file";
import { REPO } from "./helpers/project";

/** The pipelines must reach every stack the repository ships, with the cloud it runs in. */

const configOf = (stack: string): Record<string, unknown> =>
  (
    parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as {
      config: Record<string, unknown>;
    }
  ).config;

/**
 * The cloud a stack's credentials are for: its cluster's (a shard's cluster is in the stack named
 * for its region), or its DNS provider's.
 */
function cloudOf(config: Record<string, unknown>): string {
  if (config["tenancy:role"] === "global") {
    return (config["tenancy:dns"] as { provider: string }).provider;
  }
  if (config["tenancy:role"] === "tenants") {
    return cloudOf(
      configOf(`${String(config["tenancy:environment"])}-${String(config["tenancy:region"])}`),
    );
  }
  return config["tenancy:platform"] === "gke" ? "gcp" : "azure";
}

interface Workflow {
  jobs: Record<
    string,
    {
      environment?: string;
      needs?: string | string[];
      strategy?: {
        "max-parallel"?: number;
        matrix?: { include?: { stack: string; cloud: string }[] };
      };
    }
  >;
}

const stacks = (): Map<string, string> =>
  new Map(
    fs
      .readdirSync(REPO)
      .flatMap((file) => {
        const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
        if (stack === undefined) return [];
        return [[stack, cloudOf(configOf(stack))] as const];
      })
      .sort(),
  );

const workflow = (name: string): Workflow =>
  parse(fs.readFileSync(path.join(REPO, ".github", "workflows", name), "utf8")) as Workflow;

const matrixStacks = (flow: Workflow): [string, string][] =>
  Object.values(flow.jobs)
    .flatMap((job) => job.strategy?.matrix?.include ?? [])
    .map(({ stack, cloud }): [string, string] => [stack, cloud])
    .sort(([a], [b]) => (a < b ? -1 : 1));

/**
 * The first release of each action whose action.yml runs on `node24`: GitHub runners dropped the
 * Node 20 runtime in September 2026. Read from each action's tags and action.yml on 2026-12-02
 * (azure/use-kubelogin's floating v1 still points at a Node 20 release, hence v1.3).
 */
const NODE24_RELEASES: Record<string, readonly number[]> = {
  "actions/checkout": [5],
  "actions/setup-node": [5],
  "pulumi/actions": [7],
  "azure/login": [3],
  "azure/use-kubelogin": [1, 3],
  "google-github-actions/auth": [3],
  "google-github-actions/setup-gcloud": [3],
  "marocchino/sticky-pull-request-comment": [3],
};

/** `v7` or `v1.3` against the first Node 24 release, major then minor. */
function releaseAtLeast(ref: string, first: readonly number[]): boolean {
  const parts = ref.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < first.length; i++) {
    const have = parts[i] ?? 0;
    const need = first[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

describe("workflows", () => {
  it("up.yml runs every Pulumi.<stack>.yaml, each with its stack's cloud", () => {
    assert.deepEqual(matrixStacks(workflow("up.yml")), [...stacks()]);
  });

  it("preview.yml previews the stacks the change can alter, each with its stack's cloud: every one for the program", () => {
    const preview = workflow("preview.yml").jobs.preview as { strategy?: { matrix?: unknown } };
    assert.equal(preview.strategy?.matrix, "${{ fromJSON(needs.plan.outputs.matrix) }}");
    const every = affectedStacks({
      files: ["index.ts"],
      stacks: readStackSummaries(REPO),
      catalogs: new Map(),
    }).map((stack): [string, string] => {
      const file = fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8");
      return [stack, affectedCloudOf((parse(file) as { config: Record<string, unknown> }).config)];
    });
    assert.deepEqual(every, [...stacks()]);
  });

  it("uses only action releases that run on Node 24, and installs a supported Node", () => {
    const files = [
      ...["preview.yml", "up.yml"].map((f) => path.join(".github", "workflows", f)),
      path.join(".github", "actions", "cloud-setup", "action.yml"),
    ];
    for (const file of files) {
      const text = fs.readFileSync(path.join(REPO, file), "utf8");
      for (const [, action, ref] of text.matchAll(/uses: ([\w-]+\/[\w-]+)@(\S+)/g)) {
        const first = NODE24_RELEASES[(action ?? "").toLowerCase()];
        assert.ok(first, `${file}: ${action} is not a known action: add its first Node 24 release`);
        assert.ok(releaseAtLeast(ref ?? "", first), `${file}: ${action}@${ref} runs on Node 20`);
      }
      for (const [, node] of text.matchAll(/node-version: (\d+)\b/g)) {
        assert.ok(Number(node) >= 20, `${file}: Node ${node}`);
      }
    }
    const engines = (
      JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
        engines: { node: string };
      }
    ).engines.node;
    assert.equal(engines, ">=20", "the project runs on Node 20 and 22 at least");
  });

  it("up.yml deploys one region at a time, behind an environment's approval", () => {
    for (const [name, job] of Object.entries(workflow("up.yml").jobs)) {
      const stacksOfJob = job.strategy?.matrix?.include ?? [];
      const shards = stacksOfJob.filter((s) => configOf(s.stack)["tenancy:role"] === "tenants");
      // Shards of a region run side by side; every other stack one at a time.
      if (shards.length === 0) assert.equal(job.strategy?.["max-parallel"], 1, name);
      else assert.equal(shards.length, stacksOfJob.length, `${name} mixes shards and regions`);
      assert.ok(job.environment, name);
    }
  });

  it("up.yml runs a shard after its cluster stack, and an environment's DNS after both", () => {
    const jobs = workflow("up.yml").jobs;
    const jobOf = new Map(
      Object.entries(jobs).flatMap(([name, job]) =>
        (job.strategy?.matrix?.include ?? []).map((s) => [s.stack, name] as const),
      ),
    );
    const before = (job: string): Set<string> => {
      const needs = jobs[job]?.needs ?? [];
      const direct = typeof needs === "string" ? [needs] : needs;
      return new Set([...direct, ...direct.flatMap((j) => [...before(j)])]);
    };
    const summaries = readStackSummaries(REPO);
    for (const [stack, summary] of summaries) {
      const job = jobOf.get(stack) ?? "";
      if (summary.role === "tenants") {
        const cluster = `${summary.environment ?? ""}-${summary.region ?? ""}`;
        assert.ok(before(job).has(jobOf.get(cluster) ?? "?"), `${stack} before ${cluster}`);
      }
      if (summary.role === "global") {
        for (const [other, s] of summaries) {
          if (s.environment !== summary.environment || other === stack) continue;
          assert.ok(before(job).has(jobOf.get(other) ?? "?"), `${stack} before ${other}`);
        }
      }
    }
  });
});
