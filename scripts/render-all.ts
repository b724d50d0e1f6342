import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackSummaries } from "../stacks/secrets/stack-file";
import { regionStackName } from "../stacks/shards/names";
import { verdictFails, verify } from "../verify";
import { RENDER_NODE_OPTIONS } from "./render/node-options";
import { renderProblems, shippedStacks } from "./render/shipped";
import { unionOf } from "./verify/union";

// Renders every shipped stack (each Pulumi.<stack>.yaml), each in a process of its own, and fails
// a stack that does not render, whose isolation.json holds a violation or a failed guardrail, or
// whose resources the policy pack rejects. Cluster and region stacks render first, then each
// tenants stack with its cluster stack's render; a region split into shards is then judged over
// all its stacks' objects together, as one cluster. The unit tests check the same on their
// shared renders.
const projectDir = path.resolve(__dirname, "..");
const stacks = shippedStacks(projectDir);
const summaries = readStackSummaries(projectDir);
const clusterOf = (stack: string): string | undefined => {
  const s = summaries.get(stack);
  return s?.role === "tenants" && s.environment !== undefined && s.region !== undefined
    ? regionStackName(s.environment, s.region)
    : undefined;
};

/** Renders `stack` in a process of its own (the SDK's state is global), into a fresh folder. */
function renderStack(
  stack: string,
  cluster: string | undefined,
): Promise<{ out: string; status: number | null; output: string }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
  const args = ["--stack", stack, "--out", out, ...(cluster ? ["--cluster", cluster] : [])];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...RENDER_NODE_OPTIONS, path.join(__dirname, "render.ts"), ...args],
      (error, stdout, stderr) => {
        resolve({
          out,
          status: error ? (error.code as number | null) : 0,
          output: stdout + stderr,
        });
      },
    );
  });
}

/** Two renders at a time: one per core of the machines this runs on. */
const CONCURRENCY = 2;

/** Renders `queue`'s stacks; returns each rendered stack's folder, and how many failed. */
async function renderAll(queue: string[], rendered: Map<string, string>): Promise<number> {
  let failed = 0;
  const worker = async (): Promise<void> => {
    for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
      const cluster = clusterOf(stack);
      const run = await renderStack(
        stack,
        cluster !== undefined ? rendered.get(cluster) : undefined,
      );
      const problems =
        run.status === 0 ? await renderProblems(stack, run.out) : [`${stack}: no render`];
      process.stdout.write(run.output + problems.map((p) => `${p}\n`).join(""));
      if (problems.length > 0) failed++;
      else rendered.set(stack, run.out);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failed;
}

async function main(): Promise<void> {
  const rendered = new Map<string, string>();
  let failed = await renderAll(
    stacks.filter((s) => clusterOf(s) === undefined),
    rendered,
  );
  failed += await renderAll(
    stacks.filter((s) => clusterOf(s) !== undefined),
    rendered,
  );
  // Each split region as one cluster: its cluster stack and every shard together.
  for (const cluster of new Set(stacks.flatMap((s) => clusterOf(s) ?? []))) {
    const parts = [cluster, ...stacks.filter((s) => clusterOf(s) === cluster)];
    const dirs = parts.flatMap((s) => rendered.get(s) ?? []);
    if (dirs.length !== parts.length) continue;
    const verdict = verify(unionOf(dirs.map((d) => path.join(d, "kubernetes"))));
    const fails = verdictFails(verdict);
    console.log(
      `${parts.join(" + ")}: ${fails ? "isolation problems" : "isolation and guardrails verified"}`,
    );
    if (fails) failed++;
  }
  console.log(`${stacks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
