import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { verdictFails, verdictText, verify, type KubernetesObject } from "../verify";

// npm run verify -- <dir>...: reachability and guardrails over every YAML file under the
// directories together (a cluster's objects may come from several stacks' renders, or dumps).
// JSON on stdout, a table on stderr; exit 1 when a flow crosses tenants, differs from what a
// tenant declares, or a guardrail fails; exit 2 when the input cannot be read, or when two
// directories hold one object differently.

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

/** `kind namespace/name` of an object: one object, whichever directory holds it. */
const identity = (o: KubernetesObject): string =>
  `${o.apiVersion ?? ""} ${o.kind ?? ""} ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;

/** The objects of every directory, each once; two different copies of one object are refused. */
function unionOf(dirs: readonly string[]): KubernetesObject[] {
  const seen = new Map<string, { readonly text: string; readonly file: string }>();
  const objects: KubernetesObject[] = [];
  for (const file of dirs.flatMap(yamlFiles)) {
    for (const object of objectsOf(file)) {
      const key = identity(object);
      const text = JSON.stringify(object);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { text, file });
        objects.push(object);
      } else if (first.text !== text) {
        throw new Error(
          `${key} differs between ${first.file} and ${file}: verify one cluster's objects`,
        );
      }
    }
  }
  return objects;
}

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
