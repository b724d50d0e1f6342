import * as fs from "fs";
import { verdictFails, verdictText, verify } from "../verify";
import { unionOf } from "./verify/union";

// npm run verify -- <dir>...: reachability and guardrails over every YAML file under the
// directories together (a cluster's objects may come from several stacks' renders, or dumps).
// JSON on stdout, a table on stderr; exit 1 when a flow crosses tenants, differs from what a
// tenant declares, or a guardrail fails; exit 2 when the input cannot be read, or when two
// directories hold one object differently.

function main(): void {
  const dirs = process.argv.slice(2);
  const missing = dirs.filter((dir) => !fs.existsSync(dir));
  if (dirs.length === 0 || missing.length > 0) {
    console.error(
      `usage: npm run verify -- <dir with Kubernetes YAML>...${missing.length > 0 ? ` (not found: ${missing.join(", ")})` : ""}`,
    );
    process.exit(2);
  }
  const verdict = verify(unionOf(dirs));
  console.log(JSON.stringify(verdict, null, 2));
  console.error(verdictText(verdict));
  process.exitCode = verdictFails(verdict) ? 1 : 0;
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
