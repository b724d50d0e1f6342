import { z } from "zod";
import { addonsSpec, type AddonsSpec, type Dns01Spec } from "./cluster/addons";
import { aksProblems } from "./cluster/aks";
import { COMPONENTS } from "./catalog/application";
import type { TenantEntry } from "./catalog/catalog";
import { parseCatalog, type Catalog } from "./catalog/parse";
import type { StackInput } from "./fields/input";
import { cloudNameProblems } from "./cluster/cloud-names";
import { closestKey, zoneProblems } from "./fields/dns";
import { existingProblems } from "./cluster/existing";
import { gkeProblems } from "./cluster/gke";
import { fromRegistry, parseImage } from "./fields/images";
import { validateGlobalStack, type GlobalValidation } from "./global/global";
import { homes } from "./catalog/homes";
import { windowsImageProblems } from "./catalog/windows-images";
import { AZURE_REGIONS, GCP_REGIONS } from "./fields/regions";
import { keysAt, problemsFromZod, type Problem } from "./fields/problems";
import type { ClusterSpec, StackSpec, TenantSpec } from "./spec";
import {
  NAMESPACE,
  clusterSchemas,
  stackSchema,
  type Platform,
  type StackSettings,
} from "./cluster/stack";
import { parseSettings } from "./secrets/settings";
import { stackTenantSecrets, type TenantSecrets } from "./secrets/tenant-secrets";
import { regionShards, shardStackName } from "./shards/names";
import { validateTenantsStack, type TenantsValidation } from "./shards/tenants-stack";
import { crossTenantProblems, tenantSpec, type TenantContext } from "./catalog/tenants";

export type { CatalogSource, StackInput } from "./fields/input";

export type Validation =
  | GlobalValidation
  | TenantsValidation
  | {
      readonly ok: true;
      /** `region`: the cluster and its tenants; `cluster`: the cluster, its tenants in shards. */
      readonly role: "region" | "cluster";
      readonly spec: StackSpec;
      /** Per tenant name, its secrets from `tenancy:tenantSecrets`, in plain text. */
      readonly tenantSecrets: Readonly<Record<string, TenantSecrets>>;
    }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const PREFIX = `${NAMESPACE}:`;

/**
 * Checks a stack and its catalog and derives the spec, or returns every problem at once.
 * Pure: all input comes in through `input`.
 */
export function validateStack(input: StackInput): Validation {
  if (input.config[`${PREFIX}role`] === "global") return validateGlobalStack(input);
  if (input.config[`${PREFIX}role`] === "tenants")
    return validateTenantsStack(input, validateStack);
  const problems: Problem[] = [...(input.fileProblems ?? [])];
  // A stack file whose config could not be read (a misspelt `config:`) says so, and no more:
  // every key would otherwise be reported missing.
  const identity = ["environment", "platform", "region"].map((k) => `${PREFIX}${k}`);
  if (problems.length > 0 && !identity.some((key) => key in input.config)) {
    return { ok: false, problems };
  }
  // A secret given in plain text blocks nothing else: reported with the rest, at the end.
  const plainSecrets: Problem[] = [];
  // Each part is checked as far as it parsed, and each rule runs when what it reads did, so every
  // problem shows in one run and none follows from another.
  const { settings, partial, broken } = parseSettings(stackSchema, input, problems, plainSecrets);
  const cluster = parseCluster(partial, problems);
  const catalog =
    partial.environment !== undefined
      ? parseCatalog(input, partial.environment, problems)
      : undefined;
  const addons =
    partial.addons !== undefined ? addonsSpec(partial.addons, `${PREFIX}addons`) : undefined;
  problems.push(...(addons?.problems ?? []));
  if (
    partial.role === "cluster" &&
    partial.platform === "existing" &&
    input.config[`${PREFIX}kubeconfig`] === undefined
  ) {
    problems.push({
      path: `${PREFIX}kubeconfig`,
      reason:
        "required in a cluster stack of an existing cluster: its tenants stacks reach the cluster with the kubeconfig this stack exports, never with the ambient one. Set it with pulumi config set --secret tenancy:kubeconfig < kubeconfig",
    });
  }
  if (cluster?.platform === "existing" && addons?.spec?.velero !== undefined) {
    problems.push({
      path: `${PREFIX}addons.velero.install`,
      reason:
        "the program makes backup storage on AKS and GKE only: on an existing cluster install Velero with its storage yourself, then set install: false (each tenant's Schedule is still created)",
    });
  }
  if (catalog !== undefined) problems.push(...catalogImageProblems(catalog));
  if (catalog !== undefined && cluster !== undefined) {
    problems.push(
      ...windowsImageProblems(
        catalog.application.images,
        cluster,
        (component) => `${catalog.path}: application.images.${component}`,
      ),
    );
  }
  if (catalog !== undefined && cluster !== undefined && partial.addons !== undefined) {
    problems.push(...dns01Problems(partial.addons.issuer.dns01, cluster.platform, catalog));
  }
  const region = partial.region;
  const tenants =
    catalog !== undefined && region !== undefined
      ? regionTenants(
          catalog,
          { ...partial, region },
          cluster,
          addons?.spec,
          problems,
          shardsOf(input, partial, problems),
        )
      : [];
  const restoring = tenants.filter((t) => t.restoreFrom !== undefined);
  if (restoring.length > 0 && partial.organization === undefined && !broken.has("organization")) {
    problems.push({
      path: `${PREFIX}organization`,
      reason: `required: ${restoring.map((t) => `${t.name} restores from ${t.restoreFrom ?? ""}`).join(", ")}, whose stack (<organization>/tenancy/${partial.environment ?? "<environment>"}-<region>) says where its backups are: set the Pulumi organization owning the region stacks`,
    });
  }
  const secrets = stackTenantSecrets(partial.tenantSecrets, catalog, restoring);
  problems.push(...secrets.problems, ...plainSecrets);
  if (partial.role === "cluster" && partial.environment !== undefined && region !== undefined) {
    problems.push(...misplacedSecrets(secrets.secrets, tenants, partial.environment, region));
  }
  if (
    problems.length > 0 ||
    settings === undefined ||
    cluster === undefined ||
    catalog === undefined ||
    addons?.spec === undefined
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    role: settings.role ?? "region",
    tenantSecrets: secrets.secrets,
    spec: {
      environment: settings.environment,
      ...(settings.organization !== undefined ? { organization: settings.organization } : {}),
      region: settings.region,
      domain: catalog.domain,
      allowlist: settings.allowlist,
      cluster,
      addons: addons.spec,
      tenants,
    },
  };
}

/**
 * The shards of a cluster stack's region (undefined for a region stack, which runs its tenants
 * itself), with the problems of the region's tenants stack files. A region stack is refused
 * while its region has tenants stacks: both would run the same tenants.
 */
function shardsOf(
  input: StackInput,
  settings: Partial<StackSettings>,
  problems: Problem[],
): readonly string[] | undefined {
  const { environment, region } = settings;
  if (environment === undefined || region === undefined) return undefined;
  const layout = regionShards(input.stackFiles ?? new Map(), environment, region);
  if (settings.role === "cluster") {
    problems.push(...layout.problems);
    return layout.shards;
  }
  if (layout.shards.length > 0 || layout.problems.length > 0) {
    const files = [...layout.shards.map((s) => shardStackName(environment, region, s))];
    problems.push({
      path: `${PREFIX}role`,
      reason: `${region} has tenants stacks (${files.join(", ") || layout.problems.map((p) => p.path).join(", ")}), and this stack would run their tenants too: set tenancy:role: cluster, or remove those stacks`,
    });
  }
  return undefined;
}

/**
 * A cluster stack runs no tenant, so its secrets would be ignored: a licence lost, a database
 * password replaced. Each goes in the file of the shard that runs the tenant.
 */
function misplacedSecrets(
  secrets: Readonly<Record<string, TenantSecrets>>,
  tenants: readonly TenantSpec[],
  environment: string,
  region: string,
): Problem[] {
  return Object.keys(secrets).map((name) => {
    const shard = tenants.find((t) => t.name === name)?.shard;
    const where =
      shard !== undefined
        ? `Pulumi.${shardStackName(environment, region, shard)}.yaml, whose shard runs it`
        : "the file of the stack that runs it";
    return {
      path: `${PREFIX}tenantSecrets.${name}`,
      reason: `a cluster stack runs no tenant, and would ignore it: move it to ${where}`,
    };
  });
}

/**
 * The tenants this stack's region runs, with the problems of their placement; their own rules
 * (groups, quotas, images) run once the cluster they run on parsed. `shards`, for a cluster
 * stack: the region's shards, one of which each tenant must name.
 */
function regionTenants(
  catalog: Catalog,
  settings: Partial<StackSettings> & { readonly region: string },
  cluster: ClusterSpec | undefined,
  addons: AddonsSpec | undefined,
  problems: Problem[],
  shards: readonly string[] | undefined,
): TenantSpec[] {
  const placed = homes(
    catalog.regions,
    catalog.tenants,
    settings.region,
    catalog.domain,
    catalog.path,
  );
  problems.push(...placed.problems);
  if (cluster === undefined || settings.environment === undefined) return [];
  const context: TenantContext = {
    environment: settings.environment,
    region: settings.region,
    cluster,
    domain: catalog.domain,
    allowlist: settings.allowlist ?? [],
    registries: catalog.registries,
    prefixNamespaces: catalog.prefixNamespaces,
    application: catalog.application,
    catalogPath: catalog.path,
    standbyServesHost: settings.addons?.issuer.dns01 !== undefined,
    // Unknown while the add-ons are broken: the rules that read it wait for them.
    ...(addons !== undefined ? { installsVelero: addons.velero !== undefined } : {}),
  };
  const tenants: TenantSpec[] = [];
  const indexes: number[] = [];
  catalog.tenants.forEach((entry, position) => {
    const placement = placed.placements.get(position);
    if (placement === undefined) return;
    const index = catalog.indexes[position] ?? position;
    const derived = tenantSpec(entry, index, placement, context);
    problems.push(...derived.problems);
    // A tenant's shard means something only where its region is split.
    const { shard, ...spec } = derived.spec;
    tenants.push(shards !== undefined && shard !== undefined ? { ...spec, shard } : spec);
    if (shards !== undefined) {
      problems.push(
        ...shardProblems(
          entry,
          `${catalog.path}: tenants[${String(index)}].shard`,
          shards,
          settings,
        ),
      );
    }
    indexes.push(index);
  });
  problems.push(...crossTenantProblems(tenants, indexes, context));
  if (cluster.platform === "gke" && tenants.length > 1 && !cluster.acceptUnpolicedWindowsPods) {
    problems.push({
      path: `${PREFIX}cluster.acceptUnpolicedWindowsPods`,
      reason: `GKE documents no NetworkPolicy enforcement on Windows nodes, so the Windows pods of this ${shards !== undefined ? "cluster's" : "stack's"} ${String(tenants.length)} tenants${shards !== undefined ? ", in all its shards," : ""} could reach each other: run one tenant per GKE cluster, run them on AKS (Calico on Windows2022), or set acceptUnpolicedWindowsPods: true to accept the risk`,
    });
  }
  return tenants;
}

/** A tenant in a region split into shards names one of them. */
function shardProblems(
  entry: TenantEntry,
  path: string,
  shards: readonly string[],
  settings: Partial<StackSettings> & { readonly region: string },
): Problem[] {
  const environment = settings.environment ?? "<environment>";
  const example = `Pulumi.${shardStackName(environment, settings.region, entry.shard ?? "<shard>")}.yaml`;
  if (shards.length === 0) {
    return [
      {
        path,
        reason: `${entry.name} runs in ${settings.region}, whose cluster stack runs no tenants, and the region has no tenants stack: add ${example} with tenancy:role: tenants (docs/operations.md "Shards")`,
      },
    ];
  }
  if (entry.shard !== undefined && shards.includes(entry.shard)) return [];
  const fix = `name one of ${settings.region}'s shards (${shards.join(", ")})`;
  return [
    {
      path,
      reason:
        entry.shard === undefined
          ? `required: ${entry.name} runs in ${settings.region}, whose tenants run in shards: ${fix}`
          : `"${entry.shard}" is not a shard of ${settings.region} (no ${example}): ${fix}, or add that stack`,
    },
  ];
}

/** The cloud whose workload identity can write each DNS-01 provider's records. */
const DNS01_PLATFORM = { azure: "aks", gcp: "gke" } as const;

/**
 * DNS-01 needs the cluster's own workload identity in the zone's cloud, and a zone that holds
 * every host the certificates name.
 */
function dns01Problems(
  dns01: Dns01Spec | undefined,
  platform: Platform,
  catalog: {
    readonly domain: string;
    readonly path: string;
    readonly tenants: readonly TenantEntry[];
  },
): Problem[] {
  if (dns01 === undefined) return [];
  const path = `${PREFIX}addons.issuer.dns01`;
  const problems: Problem[] = [];
  if (DNS01_PLATFORM[dns01.provider] !== platform) {
    problems.push({
      path: `${path}.provider`,
      reason: `${dns01.provider} DNS takes challenges from the workload identity of a ${DNS01_PLATFORM[dns01.provider].toUpperCase()} cluster, and this stack's platform is ${platform}: answer HTTP-01 (remove dns01), or use the cluster's own cloud DNS`,
    });
  }
  const hosts = catalog.tenants.map((t) => ({ host: t.host ?? `${t.name}.${catalog.domain}` }));
  problems.push(...zoneProblems(dns01.zone, `${path}.zone`, catalog, hosts));
  return problems;
}

/** Parses `tenancy:cluster` with the platform's schema, then the platform's cross-field rules. */
function parseCluster(
  settings: Partial<StackSettings>,
  problems: Problem[],
): ClusterSpec | undefined {
  const platform = settings.platform;
  if (platform === undefined) return undefined;
  // A broken allowlist is left out, so the rules that read it are skipped, not misled.
  const stack = {
    ...(settings.environment !== undefined ? { environment: settings.environment } : {}),
    ...(settings.allowlist !== undefined ? { allowlist: settings.allowlist } : {}),
  };
  const regionProblem = checkRegion(platform, settings.region);
  if (regionProblem) problems.push(regionProblem);
  if (
    platform !== "existing" &&
    settings.environment !== undefined &&
    settings.region !== undefined
  ) {
    problems.push(...cloudNameProblems(platform, settings.environment, settings.region));
  }
  const parse = <T extends z.ZodType>(schema: T): z.output<T> | undefined => {
    const result = schema.safeParse(settings.cluster ?? {}, { reportInput: true });
    if (result.success) return result.data;
    problems.push(...problemsFromZod(`${PREFIX}cluster`, result.error, (s) => keysAt(schema, s)));
    return undefined;
  };
  switch (platform) {
    case "aks": {
      const aks = parse(clusterSchemas.aks);
      if (aks === undefined) return undefined;
      problems.push(...aksProblems(aks, stack));
      return { platform, ...aks };
    }
    case "gke": {
      const gke = parse(clusterSchemas.gke);
      if (gke === undefined) return undefined;
      problems.push(...gkeProblems(gke, stack));
      return { platform, ...gke };
    }
    case "existing": {
      const existing = parse(clusterSchemas.existing);
      if (existing === undefined) return undefined;
      problems.push(...existingProblems(existing));
      return { platform, ...existing };
    }
    default: {
      const unreachable: never = platform;
      return unreachable;
    }
  }
}

function checkRegion(platform: Platform, region: string | undefined): Problem | undefined {
  const known = platform === "aks" ? AZURE_REGIONS : platform === "gke" ? GCP_REGIONS : undefined;
  if (region === undefined || known === undefined || known.includes(region)) return undefined;
  const guess = closestKey(region, known);
  const cloud = platform === "aks" ? "an Azure" : "a Google Cloud";
  const hint = guess !== undefined ? `did you mean "${guess}"?` : "check the cloud's region list";
  return { path: `${PREFIX}region`, reason: `"${region}" is not ${cloud} region: ${hint}` };
}

/** The catalog's application images must come from the catalog's registries, every tenant's. */
function catalogImageProblems(catalog: Catalog): Problem[] {
  return COMPONENTS.flatMap((component) => {
    const image = catalog.application.images[component];
    const parsed = image !== undefined ? parseImage(image) : undefined;
    if (!parsed?.ok || catalog.registries.some((r) => fromRegistry(parsed.image, r))) return [];
    return [
      {
        path: `${catalog.path}: application.images.${component}`,
        reason: `"${image ?? ""}" is not from the catalog's registries (${catalog.registries.join(", ") || "none"}): add its registry to registries`,
      },
    ];
  });
}
