import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPolicies, type StackResource } from "../policy/run";
import { verdictFails, type Verdict } from "../verify";

// Renders every shipped stack (each Pulumi.<stack>.yaml), each in a process of its own, and fails
// a stack that does not render, whose isolation.json holds a violation or a failed guardrail, or
// whose resources the policy pack rejects.
const projectDir = path.resolve(__dirname, "..");
const stacks = fs
  .readdirSync(projectDir)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

async function problemsOf(stack: string, out: string): Promise<string[]> {
  const verdict = JSON.parse(fs.readFileSync(path.join(out, "isolation.json"), "utf8")) as Verdict;
  const resources = JSON.parse(
    fs.readFileSync(path.join(out, "resources.json"), "utf8"),
  ) as StackResource[];
  return [
    ...(verdictFails(verdict) ? [`${stack}: isolation.json has problems`] : []),
    ...(await runPolicies(resources)).map((v) => `${stack}: policy ${v.policy}: ${v.message}`),
  ];
}

async function main(): Promise<void> {
  let failed = 0;
  for (const stack of stacks) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "render.ts"), "--stack", stack, "--out", out],
      { encoding: "utf8" },
    );
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    const problems = run.status === 0 ? await problemsOf(stack, out) : [`${stack}: no render`];
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) failed++;
  }
  console.log(`${stacks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
