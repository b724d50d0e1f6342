import "./render/fast-start";
import * as path from "path";
import { parseArgs } from "util";
import { render } from "./render/index";

// npm run render -- --stack <name> [--out <dir>] [--project <dir>]: the program under the SDK's
// mock runtime, offline. --project names another folder of stack files and catalogs; --cluster,
// for a tenants stack, its cluster stack's render (else the cluster stack is rendered too).
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      out: { type: "string" },
      project: { type: "string" },
      cluster: { type: "string" },
    },
  });
  if (values.stack === undefined) {
    console.error("usage: npm run render -- --stack <name> [--out <dir>]");
    process.exit(2);
  }
  const outDir = path.resolve(values.out ?? path.join("out", values.stack));
  const projectDir = path.resolve(values.project ?? path.join(__dirname, ".."));
  const result = await render(
    projectDir,
    values.stack,
    outDir,
    values.cluster !== undefined ? { cluster: path.resolve(values.cluster) } : {},
  );
  console.log(
    `rendered ${values.stack}: ${result.resources} resources, ${result.kubernetesObjects} Kubernetes objects, ` +
      `${result.tenants} tenants → ${path.relative(process.cwd(), outDir) || "."}; ` +
      (result.problems === 0
        ? "isolation and guardrails verified"
        : `${result.problems} isolation or guardrail problems: see isolation.json`),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
