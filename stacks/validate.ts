import { z } from "zod";
import { addonsSpec, type AddonsSpec, type Dns01Spec } from "./cluster/addons";
import { aksProblems } from "./cluster/aks";
import { COMPONENTS } from "./catalog/application";
import type { TenantEntry } from "./catalog/catalog";
import { parseCatalog, type Catalog } from "./catalog/parse";
import { decodeStructure, type StackInput } from "./fields/input";
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
  SECRET_KEYS,
  STRUCTURED_KEYS,
  clusterSchemas,
  stackSchema,
  type Platform,
  type StackSettings,
} from "./cluster/stack";
import { parseTenantSecrets, type TenantSecrets } from "./secrets/tenant-secrets";
import { crossTenantProblems, tenantSpec, type TenantContext } from "./catalog/tenants";

export type { CatalogSource, StackInput } from "./fields/input";

export type Validation =
  | GlobalValidation
  | {
      readonly ok: true;
      readonly role: "region";
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
  const { settings, partial, broken } = parseStackSettings(input, problems, plainSecrets);
  const cluster = parseCluster(partial, problems);
  const catalog =
    partial.environment !== undefined
      ? parseCatalog(input, partial.environment, problems)
      : undefined;
  const addons =
    partial.addons !== undefined ? addonsSpec(partial.addons, `${PREFIX}addons`) : undefined;
  problems.push(...(addons?.problems ?? []));
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
      ? regionTenants(catalog, { ...partial, region }, cluster, addons?.spec, problems)
      : [];
  const restoring = tenants.filter((t) => t.restoreFrom !== undefined);
  if (restoring.length > 0 && partial.organization === undefined && !broken.has("organization")) {
    problems.push({
      path: `${PREFIX}organization`,
      reason: `required: ${restoring.map((t) => `${t.name} restores from ${t.restoreFrom ?? ""}`).join(", ")}, whose stack (<organization>/tenancy/${partial.environment ?? "<environment>"}-<region>) says where its backups are: set the Pulumi organization owning the region stacks`,
    });
  }
  const secrets =
    catalog !== undefined && partial.tenantSecrets !== undefined
      ? parseTenantSecrets(
          partial.tenantSecrets,
          // Every tenant of the catalog: a region stack may hold secrets of tenants it does not run.
          catalog.names,
          `${PREFIX}tenantSecrets`,
          catalog.path,
        )
      : { secrets: {}, problems: [] };
  problems.push(...secrets.problems, ...plainSecrets);
  for (const tenant of restoring) {
    if (secrets.secrets[tenant.name]?.databasePassword !== undefined) {
      problems.push({
        path: `${PREFIX}tenantSecrets.${tenant.name}.databasePassword`,
        reason: `${tenant.name} restores from ${tenant.restoreFrom ?? ""} here, and its database comes with the password it was made with: remove this one`,
      });
    }
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
    role: "region",
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
 * The tenants this stack's region runs, with the problems of their placement; their own rules
 * (groups, quotas, images) run once the cluster they run on parsed.
 */
function regionTenants(
  catalog: Catalog,
  settings: Partial<StackSettings> & { readonly region: string },
  cluster: ClusterSpec | undefined,
  addons: AddonsSpec | undefined,
  problems: Problem[],
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
    tenants.push(derived.spec);
    indexes.push(index);
  });
  problems.push(...crossTenantProblems(tenants, indexes, context));
  if (cluster.platform === "gke" && tenants.length > 1 && !cluster.acceptUnpolicedWindowsPods) {
    problems.push({
      path: `${PREFIX}cluster.acceptUnpolicedWindowsPods`,
      reason: `GKE documents no NetworkPolicy enforcement on Windows nodes, so the Windows pods of this stack's ${String(tenants.length)} tenants could reach each other: run one tenant per GKE region stack, run them on AKS (Calico on Windows2022), or set acceptUnpolicedWindowsPods: true to accept the risk`,
    });
  }
  return tenants;
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

function parseStackSettings(
  input: StackInput,
  problems: Problem[],
  plainSecrets: Problem[],
): {
  settings?: StackSettings;
  partial: Partial<StackSettings>;
  /** Keys given with a value that did not parse. */
  broken: ReadonlySet<string>;
} {
  const raw: Record<string, unknown> = {};
  /** Keys holding a secret the program reads as plain configuration: never judged, never shown. */
  const withheld = new Set<string>();
  for (const [fullKey, text] of Object.entries(input.config)) {
    const namespace = fullKey.split(":")[0] ?? "";
    if (fullKey.includes(":") && namespace !== NAMESPACE && closestKey(namespace, [NAMESPACE])) {
      problems.push({
        path: fullKey,
        reason: `unknown namespace "${namespace}"; did you mean "${NAMESPACE}:${fullKey.slice(namespace.length + 1)}"?`,
      });
    }
    if (!fullKey.startsWith(PREFIX)) continue;
    const key = fullKey.slice(PREFIX.length);
    if (SECRET_KEYS.has(key) && !input.secretKeys.has(fullKey)) {
      plainSecrets.push({
        path: fullKey,
        reason:
          key === "tenantSecrets"
            ? `must hold secrets: set each value with pulumi config set --secret --path '${fullKey}.<tenant>.<field>' (and remove the plain ones)`
            : `must be a secret: run pulumi config set --secret ${fullKey} (and remove the plain value)`,
      });
    }
    if (!SECRET_KEYS.has(key) && input.secretKeys.has(fullKey)) {
      withheld.add(key);
      problems.push({
        path: fullKey,
        reason: `holds a secret, and is plain configuration that messages and outputs may show: set it without --secret`,
      });
      continue;
    }
    raw[key] = STRUCTURED_KEYS.has(key) ? decodeStructure(fullKey, text, problems) : text;
  }
  const result = stackSchema.safeParse(raw, { reportInput: true });
  if (result.success) return { settings: result.data, partial: result.data, broken: withheld };
  for (const problem of problemsFromZod(PREFIX, result.error, (segments) =>
    keysAt(stackSchema, segments),
  ).filter((p) => !withheld.has(p.path.slice(PREFIX.length)))) {
    problems.push(
      problem.reason.startsWith("required")
        ? { ...problem, reason: requiredHint(problem.path, problem.reason) }
        : problem,
    );
  }
  // Keep what did validate, so the catalog and cluster are still checked and every problem shows.
  const partial: Partial<StackSettings> = {};
  const broken = new Set<string>();
  for (const key of Object.keys(stackSchema.shape) as (keyof StackSettings)[]) {
    const field = stackSchema.shape[key].safeParse(raw[key]);
    if (field.success) Object.assign(partial, { [key]: field.data });
    else if (raw[key] !== undefined || withheld.has(key)) broken.add(key);
  }
  return { partial, broken };
}

function requiredHint(path: string, reason: string): string {
  const key = path.slice(PREFIX.length);
  const example: Record<string, string> = {
    environment: "dev",
    platform: "aks (or gke, existing)",
    region: "westeurope",
  };
  if (key === "addons" || key === "addons.issuer") {
    return `required: add to the stack file the add-ons and the certificates' issuer, e.g. issuer: { letsEncrypt: production, email: … } (docs/platforms.md "Add-ons")`;
  }
  const value = example[key];
  return value !== undefined
    ? `required: add it to the stack file, e.g. pulumi config set ${path} ${value}`
    : reason;
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
