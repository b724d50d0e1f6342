import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { readStackSummaries } from "../../stacks/secrets/stack-file";
import { regionShards, regionStackName, shardStackName } from "../../stacks/shards/names";
import { REPO, renderCli, tempDir } from "./project";

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
  /** What a read found: a StackReference's outputs. */
  outputs?: Record<string, unknown>;
}

/** Renders `stack` of `projectDir` into a fresh folder; must succeed. */
function renderFresh(stack: string, projectDir?: string): string {
  const out = tempDir();
  // A shard of this repository is judged with its cluster stack's shared render.
  const cluster = projectDir === undefined ? clusterStackOf(stack) : undefined;
  const run = renderCli(
    stack,
    out,
    projectDir,
    cluster !== undefined ? renderOk(cluster) : undefined,
  );
  assert.equal(run.status, 0, run.stderr);
  return out;
}

/**
 * The repository's files (tracked and untracked, not ignored), hashed: a render of one of its own
 * stacks depends on nothing else, so test files of one run share it.
 */
let sourceHash: string | undefined;
function repositoryHash(): string {
  if (sourceHash !== undefined) return sourceHash;
  const listed = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: REPO,
    encoding: "utf8",
  });
  const hash = createHash("sha256").update(process.version);
  for (const file of listed.stdout
    .split("\0")
    .filter((f) => f !== "")
    .sort()) {
    const full = path.join(REPO, file);
    if (!fs.existsSync(full)) continue;
    hash.update(file).update("\0").update(fs.readFileSync(full)).update("\0");
  }
  sourceHash = hash.digest("hex").slice(0, 16);
  return sourceHash;
}

/** Shared renders of earlier contents of the repository, an hour old or more, are removed. */
function removeStaleRenders(current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const dir = path.join(os.tmpdir(), entry);
    if (!entry.startsWith("tenancy-render-") || dir === current) continue;
    if (fs.statSync(dir).mtimeMs < hourAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Blocks this process for `ms` (renders are synchronous; so is waiting for another's). */
const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** A render that takes longer than this has failed with its holder: its lock is broken. */
const STALE_LOCK_MS = 300_000;

/**
 * Runs `make` while holding the lock `lock` (a directory, made or refused atomically), unless
 * `done()` turns true while waiting for another process that holds it.
 */
function once(lock: string, done: () => boolean, make: () => void): void {
  for (;;) {
    if (done()) return;
    try {
      fs.mkdirSync(lock);
    } catch {
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
      }
      pause(100);
      continue;
    }
    try {
      if (!done()) make();
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
}

/**
 * Renders `stack`; must succeed. Of this repository (no `projectDir`), the render is made once
 * per content of the repository and shared, read-only, by every test that asks for it (test
 * files running side by side wait for the one making it); `fresh` renders anew (a test of the
 * render itself).
 */
export function renderOk(
  stack: string,
  projectDir?: string,
  options: { fresh?: boolean } = {},
): string {
  if (projectDir !== undefined || options.fresh === true) return renderFresh(stack, projectDir);
  const shared = path.join(os.tmpdir(), `tenancy-render-${repositoryHash()}`, stack);
  fs.mkdirSync(path.dirname(shared), { recursive: true });
  once(
    `${shared}.lock`,
    () => fs.existsSync(shared),
    () => {
      removeStaleRenders(path.dirname(shared));
      fs.renameSync(renderFresh(stack), shared);
    },
  );
  return shared;
}

/** The cluster stack of one of this repository's tenants stacks; undefined for other stacks. */
function clusterStackOf(stack: string): string | undefined {
  const summary = readStackSummaries(REPO).get(stack);
  if (summary?.role !== "tenants" || summary.environment === undefined) return undefined;
  return summary.region !== undefined
    ? regionStackName(summary.environment, summary.region)
    : undefined;
}

/**
 * A region's renders as one cluster's: its region or cluster stack and, where the region is
 * split, every shard's.
 */
export function renderedRegion(environment: string, region: string): Rendered {
  const stacks = [
    regionStackName(environment, region),
    ...regionShards(readStackSummaries(REPO), environment, region).shards.map((shard) =>
      shardStackName(environment, region, shard),
    ),
  ];
  const parts = stacks.map(rendered);
  return {
    resources: parts.flatMap((p) => p.resources),
    objects: parts.flatMap((p) => p.objects),
  };
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

/** A shared render's resources and Kubernetes objects. */
export interface Rendered {
  readonly resources: Resource[];
  readonly objects: Manifest[];
}

export const rendered = (stack: string): Rendered => {
  const out = renderOk(stack);
  return { resources: resources(out), objects: manifests(out) };
};
