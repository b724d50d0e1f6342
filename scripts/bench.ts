import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { syntheticTenants } from "./bench/catalog";
import { TENANT_LABEL } from "../components/labels";
import { maxDependencyDepth } from "./bench/depth";

// npm run bench [-- 10 100]: renders synthetic catalogs of N tenants (default 10, 100, 1,000) on
// the dev stack's settings and prints one JSON line per N. Catalogs go to a temporary folder.

const REPO = path.resolve(__dirname, "..");
const SIZES = process.argv.slice(2).map(Number);

interface Measure {
  readonly seconds: number;
  readonly max_rss_mb: number;
}

function measure(...args: string[]): Measure {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "bench", "measure.ts"), ...args],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`measure ${args.join(" ")} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "") as Measure;
}

function project(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tenancy-bench-${String(count)}-`));
  const dev = parse(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const catalog = parse(fs.readFileSync(path.join(REPO, "stacks", "dev.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stringify(dev));
  fs.mkdirSync(path.join(dir, "stacks"));
  fs.writeFileSync(
    path.join(dir, "stacks", "dev.yaml"),
    stringify({ ...catalog, tenants: syntheticTenants(count) }),
  );
  return dir;
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
    const dir = project(n);
    const out = path.join(dir, "out");
    const run = measure("render", dir, out);
    const resources = JSON.parse(
      fs.readFileSync(path.join(out, "resources.json"), "utf8"),
    ) as Recorded[];
    const floor = measure("floor", String(resources.length));
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
    const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
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
        ms_per_object: round((run.seconds * 1000) / objects.length),
        violations: verdict.violations.length,
        attempts_stopped: verdict.adversary.filter((a) => a.stoppedBy !== undefined).length,
        attempts: verdict.adversary.length,
      }),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
