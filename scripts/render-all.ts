import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderProblems, shippedStacks } from "./render/shipped";

// Renders every shipped stack (each Pulumi.<stack>.yaml), each in a process of its own, and fails
// a stack that does not render, whose isolation.json holds a violation or a failed guardrail, or
// whose resources the policy pack rejects. The unit tests check the same on their shared renders.
const projectDir = path.resolve(__dirname, "..");
const stacks = shippedStacks(projectDir);

/** Renders `stack` in a process of its own (the SDK's state is global), into a fresh folder. */
function renderStack(
  stack: string,
): Promise<{ out: string; status: number | null; output: string }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "render.ts"), "--stack", stack, "--out", out],
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

async function main(): Promise<void> {
  let failed = 0;
  const queue = [...stacks];
  const worker = async (): Promise<void> => {
    for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
      const run = await renderStack(stack);
      const problems =
        run.status === 0 ? await renderProblems(stack, run.out) : [`${stack}: no render`];
      process.stdout.write(run.output + problems.map((p) => `${p}\n`).join(""));
      if (problems.length > 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`${stacks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
