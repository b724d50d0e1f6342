import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import type { KubernetesObject } from "../../verify";

/**
 * One cluster's objects from several folders of YAML (stacks' renders, or dumps of a cluster):
 * an object in two counts once, and two different copies of it are refused.
 */

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
export function unionOf(dirs: readonly string[]): KubernetesObject[] {
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
