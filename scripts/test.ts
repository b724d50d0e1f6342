import { spawn } from "child_process";
import * as path from "path";

/**
 * `npm test`: the format check, the type check and lint (scripts/check.ts), and the unit tests,
 * side by side: each is mostly one thread, and the machine has more than one core. Each job's
 * output is printed whole when it ends, so the logs do not interleave. Exits 1 if any job fails.
 */

const REPO = path.resolve(__dirname, "..");

interface Job {
  readonly name: string;
  readonly script: string;
}

/** The package.json scripts that make up the test. */
const JOBS: readonly Job[] = [
  { name: "unit tests", script: "test:unit" },
  { name: "type check and lint", script: "check" },
  { name: "format", script: "format:check" },
];

function run(job: Job): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn("npm", ["run", "--silent", job.script], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("close", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const verdict = code === 0 ? "passed" : `FAILED (exit ${String(code)})`;
      process.stdout.write(`\n── ${job.name}: ${verdict} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    });
  });
}

void Promise.all(JOBS.map(run)).then((passed) => {
  const failed = JOBS.filter((_, i) => passed[i] !== true).map((job) => job.name);
  console.log(failed.length === 0 ? "\nall passed" : `\nfailed: ${failed.join(", ")}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
});
