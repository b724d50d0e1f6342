import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems } from "./fields/problems";
import type { GlobalSpec } from "./global/global";
import type { StackSpec } from "./spec";
import { NAMESPACE } from "./cluster/stack";
import { readStackConfig } from "./secrets/stack-config";
import { readStackFileProblems, readStackSummaries, readYamlSafely } from "./secrets/stack-file";
import type { TenantSecretField } from "./secrets/tenant-secrets";
import { validateStack, type CatalogSource } from "./validate";

/** Secrets from the stack config, kept as secret Outputs and never in the spec. */
export interface StackSecrets {
  readonly kubeconfig?: pulumi.Output<string>;
  readonly windowsAdminPassword?: pulumi.Output<string>;
  /** Per tenant name, the secrets `tenancy:tenantSecrets` gives it. */
  readonly tenants: Readonly<Record<string, TenantSecretOutputs>>;
}

export type TenantSecretOutputs = Readonly<
  Partial<Record<TenantSecretField, pulumi.Output<string>>>
>;

/** Where a tenants stack runs: its shard, and the cluster stack it reads. */
export interface ShardOf {
  readonly shard: string;
  /** The cluster stack's name, `<environment>-<region>`. */
  readonly clusterStack: string;
  /** Pulumi organization owning the cluster stack. */
  readonly organization: string;
  /** The regions the cluster stack reads backups of, for all the region's tenants. */
  readonly restoreSources: readonly string[];
}

export type LoadedStack =
  | {
      readonly role: "region" | "cluster";
      readonly spec: StackSpec;
      readonly secrets: StackSecrets;
    }
  | {
      readonly role: "tenants";
      readonly spec: StackSpec;
      readonly secrets: StackSecrets;
      readonly shard: ShardOf;
    }
  | { readonly role: "global"; readonly spec: GlobalSpec };

/** Reads `stacks/<environment>.yaml` under `projectDir`. */
export function readCatalog(projectDir: string, environment: string): CatalogSource {
  const relative = path.posix.join("stacks", `${environment}.yaml`);
  const file = path.join(projectDir, relative);
  if (!fs.existsSync(file)) {
    return {
      path: relative,
      error: `not found: create it with a domain and a tenants list (see stacks/dev.yaml)`,
    };
  }
  const read = readYamlSafely(file);
  return "error" in read
    ? { path: relative, error: read.error, exists: true }
    : { path: relative, content: read.content };
}

/**
 * Loads and validates this stack's config and catalog. Throws once, listing every problem,
 * before the program registers anything.
 */
export function loadStack(projectDir: string): LoadedStack {
  const secretKeys = new Set(JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as string[]);
  const result = validateStack({
    config: pulumi.runtime.allConfig(),
    stackName: pulumi.getStack(),
    secretKeys,
    readCatalog: (environment) => readCatalog(projectDir, environment),
    fileProblems: readStackFileProblems(projectDir, pulumi.getStack()),
    stackFiles: readStackSummaries(projectDir),
    readStackConfig: (stack) => readStackConfig(projectDir, stack),
  });
  if (!result.ok) throw new pulumi.RunError(formatProblems(result.problems));
  if (result.role === "global") return { role: "global", spec: result.spec };
  const config = new pulumi.Config(NAMESPACE);
  const secrets: StackSecrets = {
    kubeconfig: config.getSecret("kubeconfig"),
    windowsAdminPassword: config.getSecret("windowsAdminPassword"),
    tenants: Object.fromEntries(
      Object.entries(result.tenantSecrets).map(([tenant, fields]) => [
        tenant,
        Object.fromEntries(
          Object.entries(fields).map(([field, value]) => [field, pulumi.secret(value)]),
        ),
      ]),
    ),
  };
  if (result.role !== "tenants") return { role: result.role, spec: result.spec, secrets };
  const { shard, clusterStack, organization, restoreSources } = result;
  return {
    role: "tenants",
    spec: result.spec,
    secrets,
    shard: { shard, clusterStack, organization, restoreSources },
  };
}
