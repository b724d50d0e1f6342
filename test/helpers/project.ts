import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { TYPESCRIPT_LOADER } from "../../scripts/render/node-options";
import { ADDONS, CATALOG_BASE } from "./tenants";

/** A throwaway project folder: this repo's Pulumi.yaml plus the stack files and catalogs given. */

export const REPO = path.resolve(__dirname, "..", "..");

export interface ProjectFiles {
  /** Stack name → the `config:` map of its Pulumi.<stack>.yaml. */
  readonly stacks: Record<string, Record<string, unknown>>;
  /** Environment → its catalog (stacks/<environment>.yaml) as data, or raw YAML text. */
  readonly catalogs?: Record<string, unknown>;
}

export function makeProject(files: ProjectFiles): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenancy-test-"));
  fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.mkdirSync(path.join(dir, "stacks"));
  for (const [stack, config] of Object.entries(files.stacks)) {
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
  }
  for (const [environment, catalog] of Object.entries(files.catalogs ?? {})) {
    const text = typeof catalog === "string" ? catalog : stringify(catalog);
    fs.writeFileSync(path.join(dir, "stacks", `${environment}.yaml`), text);
  }
  return dir;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run render` as a user runs it, in a process of its own (the SDK's runtime is global). */
export function renderCli(
  stack: string,
  outDir: string,
  projectDir: string = REPO,
  cluster?: string,
): CliRun {
  const result = spawnSync(
    process.execPath,
    [
      // The tests' catalogs are small: V8's own young generation suits them (node-options.ts).
      ...TYPESCRIPT_LOADER,
      path.join(REPO, "scripts", "render.ts"),
      "--stack",
      stack,
      "--out",
      outDir,
      "--project",
      projectDir,
      ...(cluster !== undefined ? ["--cluster", cluster] : []),
    ],
    { encoding: "utf8", cwd: REPO },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tenancy-out-"));
}

/** A valid existing-cluster stack of environment `env`, with `overrides` on top. */
/** An existing cluster's settings: the minor it runs, and a class that shares files across nodes. */
export const EXISTING_CLUSTER = {
  kubernetesVersion: "1.34",
  files: { storageClass: "azurefile-csi", accessMode: "ReadWriteMany" },
};

export function existingStack(
  env: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    "tenancy:environment": env,
    "tenancy:platform": "existing",
    "tenancy:addons": ADDONS,
    "tenancy:region": "westeurope",
    "tenancy:cluster": EXISTING_CLUSTER,
    ...overrides,
  };
}

/** A Linux-only AKS stack of environment `test` whose cluster settings are `cluster` on a valid base. */
export function linuxAksStack(cluster: Record<string, unknown>): Record<string, unknown> {
  return {
    "tenancy:environment": "test",
    "tenancy:platform": "aks",
    "tenancy:region": "westeurope",
    "tenancy:allowlist": ["203.0.113.0/24"],
    "tenancy:addons": ADDONS,
    "tenancy:cluster": {
      adminGroupObjectIds: ["6b1c2f4e-8a3d-4e5f-9a7b-1c2d3e4f5a6b"],
      systemPool: { vmSize: "Standard_D4s_v5", minCount: 2, maxCount: 3 },
      linuxPools: [{ name: "linux", vmSize: "Standard_D4s_v5", minCount: 1, maxCount: 3 }],
      ...cluster,
    },
  };
}

/** A catalog of environment `test` with no tenants. */
export const EMPTY_CATALOG = { domain: "example.com", ...CATALOG_BASE, tenants: [] };
