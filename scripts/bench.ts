import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { syntheticTenants } from "./bench/catalog";
import { TENANT_LABEL } from "../components/labels";
import { maxDependencyDepth } from "./bench/depth";
import { RENDER_NODE_OPTIONS } from "./render/node-options";

// npm run bench [-- 10 100]: renders synthetic catalogs of N tenants (default 10, 100, 1,000) on
// the dev stack's settings and prints one JSON line per N, then renders a tenants stack (a shard)
// of 200 of them on a cluster stack of the same settings and prints its line. Catalogs go to a
// temporary folder.

const REPO = path.resolve(__dirname, "..");
const SIZES = process.argv.slice(2).map(Number);

interface Measure {
  readonly seconds: number;
  readonly max_rss_mb: number;
}

function measure(...args: string[]): Measure {
  const run = spawnSync(
    process.execPath,
    [...RENDER_NODE_OPTIONS, path.join(__dirname, "bench", "measure.ts"), ...args],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`measure ${args.join(" ")} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "") as Measure;
}

/**
 * A project of the dev stack's settings and `count` synthetic tenants. Split: its cluster in a
 * cluster stack `dev-<region>` and every tenant in one shard, `dev-<region>-tenants-a`.
 */
function project(count: number, split = false): { dir: string; stack: string; cluster?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tenancy-bench-${String(count)}-`));
  const dev = parse(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const catalog = parse(fs.readFileSync(path.join(REPO, "stacks", "dev.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.mkdirSync(path.join(dir, "stacks"));
  const tenants = syntheticTenants(count).map((t) => (split ? { ...t, shard: "a" } : t));
  fs.writeFileSync(path.join(dir, "stacks", "dev.yaml"), stringify({ ...catalog, tenants }));
  if (!split) {
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stringify(dev));
    return { dir, stack: "dev" };
  }
  const region = String(dev.config["tenancy:region"]);
  const cluster = `dev-${region}`;
  const shard = `${cluster}-tenants-a`;
  const clusterConfig = { ...dev.config, "tenancy:role": "cluster" };
  fs.writeFileSync(path.join(dir, `Pulumi.${cluster}.yaml`), stringify({ config: clusterConfig }));
  const shardConfig = {
    "tenancy:environment": "dev",
    "tenancy:role": "tenants",
    "tenancy:region": region,
    "tenancy:shard": "a",
    "tenancy:organization": "bench",
  };
  fs.writeFileSync(path.join(dir, `Pulumi.${shard}.yaml`), stringify({ config: shardConfig }));
  return { dir, stack: shard, cluster };
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** A 200-tenant shard on its cluster stack: the cluster is rendered first, and not timed. */
function shardLine(count: number): void {
  const { dir, stack, cluster = "" } = project(count, true);
  const clusterOut = path.join(dir, "cluster-out");
  measure("render", dir, clusterOut, cluster);
  const out = path.join(dir, "out");
  const run = measure("render", dir, out, stack, clusterOut);
  const payload = measure("payload", path.join(out, "resources.json"));
  const resources = JSON.parse(
    fs.readFileSync(path.join(out, "resources.json"), "utf8"),
  ) as Recorded[];
  console.log(
    JSON.stringify({
      shard_tenants: count,
      seconds: round(run.seconds),
      max_rss_mb: Math.round(run.max_rss_mb),
      resources: resources.length,
      payload_floor_seconds: round(payload.seconds),
      payload_floor_rss_mb: Math.round(payload.max_rss_mb),
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

interface Recorded {
  readonly urn: string;
  readonly type: string;
  readonly dependencies: readonly string[];
  readonly inputs: {
    kind?: unknown;
    metadata?: { namespace?: string; labels?: Record<string, string> };
  };
}

function main(): void {
  const sizes = SIZES.length > 0 ? SIZES : [10, 100, 1000];
  for (const n of sizes) {
    const { dir } = project(n);
    const out = path.join(dir, "out");
    const run = measure("render", dir, out);
    const resources = JSON.parse(
      fs.readFileSync(path.join(out, "resources.json"), "utf8"),
    ) as Recorded[];
    const floor = measure("floor", String(resources.length));
    // The same inputs, registered flat with nothing else, in this run.
    const payload = measure("payload", path.join(out, "resources.json"));
    const objects = resources.filter(
      (r) => r.type.startsWith("kubernetes:") && typeof r.inputs.kind === "string",
    );
    // A tenant's objects: those in its namespace, and those of the edge that carry its label.
    const inTenants = objects.filter(
      (r) =>
        r.inputs.metadata?.namespace?.startsWith("tenant-") === true ||
        r.inputs.metadata?.labels?.[TENANT_LABEL] !== undefined,
    );
    const netpols = inTenants.filter((r) => r.inputs.kind === "NetworkPolicy");
    // The render's own verification, adversary included: what a 1,000-tenant catalog proves.
    const verdict = JSON.parse(fs.readFileSync(path.join(out, "isolation.json"), "utf8")) as {
      violations: unknown[];
      adversary: { stoppedBy?: string }[];
    };
    console.log(
      JSON.stringify({
        n,
        seconds: round(run.seconds),
        max_rss_mb: Math.round(run.max_rss_mb),
        resources: resources.length,
        k8s_objects: objects.length,
        objects_per_tenant: round(inTenants.length / n),
        netpols_per_tenant: round(netpols.length / n),
        max_dependency_depth: maxDependencyDepth(resources),
        floor_seconds: round(floor.seconds),
        payload_floor_seconds: round(payload.seconds),
        payload_floor_rss_mb: Math.round(payload.max_rss_mb),
        times_payload_floor: round(run.seconds / payload.seconds),
        ms_per_object: round((run.seconds * 1000) / objects.length),
        violations: verdict.violations.length,
        attempts_stopped: verdict.adversary.filter((a) => a.stoppedBy !== undefined).length,
        attempts: verdict.adversary.length,
      }),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (SIZES.length === 0 || SIZES.includes(SHARD_TENANTS)) shardLine(SHARD_TENANTS);
}

/** Tenants of the shard measured (a target of its own in BENCHMARKS.md). */
const SHARD_TENANTS = 200;

main();
