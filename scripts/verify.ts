import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { verdictFails, verdictText, verify, type KubernetesObject } from "../verify";

// npm run verify -- <dir>: reachability and guardrails over every YAML file under <dir>.
// JSON on stdout, a table on stderr; exit 1 when a flow crosses tenants, differs from what a
// tenant declares, or a guardrail fails; exit 2 when the input cannot be read.

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

/** Objects of a file; a `List` (as `kubectl get -o yaml` writes) contributes its items. */
function objectsOf(file: string): KubernetesObject[] {
  return parseAllDocuments(fs.readFileSync(file, "utf8")).flatMap((document) => {
    if (document.errors.length > 0) {
      throw new Error(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
    }
    const value = document.toJS() as KubernetesObject | null;
    if (value === null) return [];
    return value.kind === "List" ? ((value.items ?? []) as KubernetesObject[]) : [value];
  });
}

function main(): void {
  const dir = process.argv[2];
  if (dir === undefined || !fs.existsSync(dir)) {
    console.error("usage: npm run verify -- <dir with Kubernetes YAML>");
    process.exit(2);
  }
  const verdict = verify(yamlFiles(dir).flatMap(objectsOf));
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
