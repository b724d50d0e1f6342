import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { verdictFails, type Verdict } from "../verify";

// Renders every shipped stack (each Pulumi.<stack>.yaml), each in a process of its own, and fails
// when one does not render or its isolation.json holds a violation or a failed guardrail.
const projectDir = path.resolve(__dirname, "..");
const stacks = fs
  .readdirSync(projectDir)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

function verifiesClean(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const verdict = JSON.parse(fs.readFileSync(file, "utf8")) as Verdict;
  for (const v of verdict.violations) console.error(`${file}: ${v.kind}: ${v.message}`);
  for (const g of verdict.guardrails.filter((r) => !r.passed))
    console.error(`${file}: guardrail ${g.id} fails`);
  return !verdictFails(verdict);
}

let failed = 0;
for (const stack of stacks) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "render.ts"), "--stack", stack, "--out", out],
    {
      encoding: "utf8",
    },
  );
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  if (run.status !== 0 || !verifiesClean(path.join(out, "isolation.json"))) failed++;
}
console.log(`${stacks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
