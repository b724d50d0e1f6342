import * as fs from "fs";
import * as path from "path";
import type { Verdict } from "../../verify";
import type { RecordedResource } from "./mock-runtime";
import { manifestYaml } from "./yaml-emit";

/**
 * Writing a render: resources.json, kubernetes/<namespace>.yaml, report.md, isolation.json, and
 * outputs.json (the stack's outputs as a preview shows them, which a tenants stack's render reads
 * from its cluster stack's).
 */

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string } & Record<
    string,
    unknown
  >;
  readonly [field: string]: unknown;
}

/** File that holds cluster-scoped objects (Namespaces, ClusterRoles…). */
export const CLUSTER_SCOPED_FILE = "_cluster.yaml";

export function isKubernetesObject(resource: RecordedResource): boolean {
  return resource.type.startsWith("kubernetes:") && typeof resource.inputs.kind === "string";
}

/** apiVersion, kind, metadata first, as people write manifests; the rest stays sorted. */
export function manifestOf(resource: RecordedResource): KubernetesObject {
  const { apiVersion, kind, metadata, ...rest } = resource.inputs;
  return { apiVersion, kind, metadata, ...rest } as KubernetesObject;
}

export function kubernetesFiles(
  resources: readonly RecordedResource[],
): Map<string, KubernetesObject[]> {
  const files = new Map<string, KubernetesObject[]>();
  for (const resource of resources.filter(isKubernetesObject)) {
    const manifest = manifestOf(resource);
    const file =
      manifest.metadata.namespace !== undefined
        ? `${manifest.metadata.namespace}.yaml`
        : CLUSTER_SCOPED_FILE;
    files.set(file, [...(files.get(file) ?? []), manifest]);
  }
  const key = (m: KubernetesObject): string => `${m.kind}/${m.metadata.name ?? ""}`;
  for (const objects of files.values())
    objects.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Writes the render into `outDir`, replacing what a previous render left there. */
export function writeRender(
  outDir: string,
  resources: readonly RecordedResource[],
  report: string,
  verdict: Verdict,
  outputs: Readonly<Record<string, unknown>>,
): void {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, "kubernetes"), { recursive: true });
  fs.writeFileSync(path.join(outDir, "resources.json"), `${JSON.stringify(resources, null, 2)}\n`);
  for (const [file, objects] of kubernetesFiles(resources)) {
    const documents = objects.map(manifestYaml);
    fs.writeFileSync(path.join(outDir, "kubernetes", file), documents.join("---\n"));
  }
  fs.writeFileSync(path.join(outDir, "report.md"), report);
  fs.writeFileSync(path.join(outDir, "isolation.json"), `${JSON.stringify(verdict, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, "outputs.json"), `${JSON.stringify(outputs, null, 2)}\n`);
}
