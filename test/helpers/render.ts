import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { renderCli, tempDir } from "./project";

/** Reading a render folder back, as a reviewer or a pipeline would. */

export interface Manifest {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface Resource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  dependencies: string[];
  inputs: Record<string, unknown>;
  protect?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
}

/** Renders `stack` of `projectDir` (default: this repository) into a fresh folder; must succeed. */
export function renderOk(stack: string, projectDir?: string): string {
  const out = tempDir();
  const run = renderCli(stack, out, projectDir);
  assert.equal(run.status, 0, run.stderr);
  return out;
}

/** Every Kubernetes object of a render, from its YAML files. */
export function manifests(outDir: string): Manifest[] {
  const dir = path.join(outDir, "kubernetes");
  return fs
    .readdirSync(dir)
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8")).map(
        (d) => d.toJS() as Manifest,
      ),
    );
}

export const resources = (outDir: string): Resource[] =>
  JSON.parse(fs.readFileSync(path.join(outDir, "resources.json"), "utf8")) as Resource[];
