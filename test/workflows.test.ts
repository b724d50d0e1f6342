import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { REPO } from "./helpers/project";

/** The pipelines must reach every stack the repository ships, with the cloud it runs in. */

/** The cloud a stack's credentials are for: its cluster's, or its DNS provider's. */
function cloudOf(config: Record<string, unknown>): string {
  if (config["tenancy:role"] === "global") {
    return (config["tenancy:dns"] as { provider: string }).provider;
  }
  return config["tenancy:platform"] === "gke" ? "gcp" : "azure";
}

interface Workflow {
  jobs: Record<
    string,
    {
      environment?: string;
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
        const config = (
          parse(fs.readFileSync(path.join(REPO, file), "utf8")) as {
            config: Record<string, unknown>;
          }
        ).config;
        return [[stack, cloudOf(config)] as const];
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

describe("workflows", () => {
  for (const file of ["preview.yml", "up.yml"]) {
    it(`${file} runs every Pulumi.<stack>.yaml, each with its stack's cloud`, () => {
      assert.deepEqual(matrixStacks(workflow(file)), [...stacks()]);
    });
  }

  it("up.yml deploys one region at a time, behind an environment's approval", () => {
    for (const [name, job] of Object.entries(workflow("up.yml").jobs)) {
      assert.equal(job.strategy?.["max-parallel"], 1, name);
      assert.ok(job.environment, name);
    }
  });
});
