import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// Renders every shipped stack (each Pulumi.<stack>.yaml), each in a process of its own, and fails
// on the first that does not render.
const projectDir = path.resolve(__dirname, "..");
const stacks = fs
  .readdirSync(projectDir)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

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
  if (run.status !== 0) failed++;
}
console.log(`${stacks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
