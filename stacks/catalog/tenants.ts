import { backupScheduleName, MAX_SCHEDULE_NAME } from "./backup-names";
import { applicationSpec, COMPONENTS, type ApplicationDefaults } from "./application";
import type { TenantEntry } from "./catalog";
import type { Placement } from "./homes";
import { singleWebReplicaReason } from "../cluster/files";
import { APPLICATION_OBJECTS, quotaShortfalls } from "./footprint";
import { fromRegistry, parseImage } from "../fields/images";
import type { Problem } from "../fields/problems";
import { parseQuantity } from "../fields/quantity";
import { clusterInternalRanges, egressBlock } from "../cluster/ranges";
import { cloudOfRegion } from "../fields/regions";
import { windowsImageProblems } from "./windows-images";
import type { ClusterSpec } from "../cluster/spec";
import type { TenantSpec } from "./spec";
import { NAMESPACE } from "../cluster/stack";
import {
  TIER_CONTAINER_DEFAULTS,
  TIER_DATABASE_STORAGE,
  TIER_FILE_STORAGE,
  TIER_QUOTAS,
  type Quota,
} from "./tiers";

/** What a tenant's spec depends on beyond its own catalog entry. */
export interface TenantContext {
  readonly environment: string;
  /** The stack's region, where this instance runs. */
  readonly region: string;
  readonly cluster: ClusterSpec;
  readonly domain: string;
  /** The stack's allowlist, shared by every tenant's ingress. */
  readonly allowlist: readonly string[];
  /** The catalog's registries, shared by every tenant. */
  readonly registries: readonly string[];
  readonly prefixNamespaces: boolean;
  /** The catalog's `application`, every tenant's unless it overrides a field. */
  readonly application: ApplicationDefaults;
  /** Path of the catalog file, the prefix of every problem's key path. */
  readonly catalogPath: string;
  /**
   * Whether a standby instance also serves the tenant's host: only when certificates come by
   * DNS-01, so that the standby holds a valid certificate for it before a failover.
   */
  readonly standbyServesHost: boolean;
  /** Whether the program installs Velero in this stack's cluster; unknown while add-ons are broken. */
  readonly installsVelero?: boolean;
}

/**
 * Namespaces the clusters or their add-ons own; a tenant may not take one.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 */
const RESERVED_NAMESPACES = new Set([
  "default",
  "velero",
  "tenancy-storage",
  "envoy-gateway-system",
  "tenancy-edge",
  "cert-manager",
  "gatekeeper-system",
  "kyverno",
  "app-routing-system",
  "tigera-operator",
]);
const RESERVED_PREFIXES = ["kube-", "gke-", "gmp-", "aks-", "azure-", "calico-", "tigera-"];

/** Spec of one tenant and the problems only the stack's context reveals, e.g. a missing group. */
export function tenantSpec(
  entry: TenantEntry,
  index: number,
  placement: Placement,
  context: TenantContext,
): { spec: TenantSpec; problems: Problem[] } {
  const at = (key: string): string => `${context.catalogPath}: tenants[${index}].${key}`;
  const problems: Problem[] = [];
  const platform = context.cluster.platform;
  const quota: Quota = { ...TIER_QUOTAS[entry.tier], ...definedOnly(entry.quota) };
  const namespace = context.prefixNamespaces ? `${context.environment}-${entry.name}` : entry.name;

  const admins = entry.admins[platform];
  if (admins === undefined) {
    problems.push({
      path: at(`admins.${platform}`),
      reason: `required for platform ${platform}: ${GROUP_HINT[platform]}`,
    });
  }
  const viewers = entry.viewers?.[platform];
  if (entry.viewers !== undefined && viewers === undefined) {
    problems.push({
      path: at(`viewers.${platform}`),
      reason: `viewers has no ${platform} group: add ${GROUP_HINT[platform]}, or remove viewers`,
    });
  }
  if (namespace.length > 63) {
    problems.push({
      path: at("name"),
      reason: `namespace "${namespace}" is longer than 63 characters: shorten the name or set prefixNamespaces: false`,
    });
  }
  if (
    RESERVED_NAMESPACES.has(namespace) ||
    RESERVED_PREFIXES.some((p) => namespace.startsWith(p))
  ) {
    problems.push({
      path: at("name"),
      reason: `namespace "${namespace}" belongs to the cluster or its add-ons: choose another tenant name`,
    });
  }

  const internal = clusterInternalRanges(context.cluster);
  const egress = entry.egress.flatMap((cidr, egressIndex) => {
    const result = egressBlock(cidr, internal);
    if (result.ok) return [result.block];
    problems.push({
      path: at(`egress[${egressIndex}]`),
      reason: `${cidr} lies inside the cluster's range ${result.inside}: egress lists destinations outside the cluster only`,
    });
    return [];
  });

  // Kubernetes counts these in whole objects, and refuses a fraction in a quota.
  // @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (ValidateResourceQuantityValue, isIntegerResourceName; read 2026-12-02)
  const fractional = new Set<string>();
  for (const key of ["pods", "services", "persistentvolumeclaims"] as const) {
    const own = entry.quota[key];
    const count = own !== undefined ? parseQuantity(own) : undefined;
    if (count !== undefined && !Number.isInteger(count)) {
      fractional.add(key);
      problems.push({
        path: at(`quota.${key}`),
        reason: `${own ?? ""} is not a whole number: Kubernetes counts ${key} in whole objects`,
      });
    }
  }

  for (const [key, needed] of Object.entries(APPLICATION_OBJECTS) as [
    keyof typeof APPLICATION_OBJECTS,
    number,
  ][]) {
    const count = parseQuantity(quota[key]);
    if (!fractional.has(key) && count !== undefined && count < needed) {
      problems.push({
        path: at(`quota.${key}`),
        reason: `${quota[key]} is below the ${String(needed)} the application itself has: raise it to ${String(needed)} or more`,
      });
    }
  }

  const databaseStorage = entry.databaseStorage ?? TIER_DATABASE_STORAGE[entry.tier];
  const fileStorage = entry.fileStorage ?? TIER_FILE_STORAGE[entry.tier];
  // A claim must request some storage: the API server refuses zero.
  for (const [key, size] of [
    ["databaseStorage", databaseStorage],
    ["fileStorage", fileStorage],
  ] as const) {
    if ((parseQuantity(size) ?? 0) <= 0) {
      problems.push({
        path: at(key),
        reason: `${size} is no storage: give the volume a size, e.g. 20Gi`,
      });
    }
  }
  const storage = (parseQuantity(databaseStorage) ?? 0) + (parseQuantity(fileStorage) ?? 0);
  if (storage > (parseQuantity(quota["requests.storage"]) ?? 0)) {
    problems.push({
      path: at("databaseStorage"),
      reason: `${databaseStorage} and the ${fileStorage} of the tenant's files exceed the quota's requests.storage ${quota["requests.storage"]}: lower databaseStorage or fileStorage, or raise quota.requests.storage`,
    });
  }

  for (const kind of ["cpu", "memory"] as const) {
    const request = parseQuantity(quota[`requests.${kind}`]) ?? 0;
    const limit = parseQuantity(quota[`limits.${kind}`]) ?? 0;
    if (request > limit) {
      problems.push({
        path: at(`quota.limits.${kind}`),
        reason: `${quota[`limits.${kind}`]} is below requests.${kind} ${quota[`requests.${kind}`]}: raise the limit or lower the request`,
      });
    }
  }

  const registries = [...new Set([...context.registries, ...entry.registries])];
  const single = singleWebReplicaReason(context.cluster);
  const asked = applicationSpec(context.application, entry.application);
  // Where files cannot be shared, the catalog's replica count becomes one; a tenant's own is refused.
  const application = single !== undefined ? { ...asked, webReplicas: 1 } : asked;
  // The catalog's own images are checked once against its registries (stacks/validate.ts).
  for (const component of COMPONENTS) {
    const own = entry.application?.images[component];
    const parsed = own !== undefined ? parseImage(own) : undefined;
    if (parsed?.ok && !registries.some((r) => fromRegistry(parsed.image, r))) {
      problems.push({
        path: at(`application.images.${component}`),
        reason: `"${own ?? ""}" is not from a registry this tenant may use (${registries.join(", ") || "none"}): add its registry to registries`,
      });
    }
  }
  problems.push(
    ...windowsImageProblems(entry.application?.images ?? {}, context.cluster, (component) =>
      at(`application.images.${component}`),
    ),
  );
  const ownReplicas = entry.application?.webReplicas;
  if (single !== undefined && ownReplicas !== undefined && ownReplicas > 1) {
    problems.push({
      path: at("application.webReplicas"),
      reason: `${String(ownReplicas)} web replicas cannot share the tenant's files: ${single}`,
    });
  }
  for (const shortfall of quotaShortfalls(application, entry.tier, quota).filter(
    (s) => !fractional.has(s.key),
  )) {
    problems.push({
      path: at(`quota.${shortfall.key}`),
      reason: `${shortfall.quota} is below the ${shortfall.needed} the application needs during a rollout (${String(application.webReplicas)} web pods plus one): raise it, or lower application.webReplicas`,
    });
  }

  if (placement.restoreFrom !== undefined) {
    const reason = restoreRefusal(placement.restoreFrom, context);
    if (reason !== undefined) problems.push({ path: at("restoreFrom"), reason });
  }
  for (const region of new Set([context.region, placement.restoreFrom ?? context.region])) {
    const schedule = backupScheduleName(namespace, region);
    if (namespace.length <= 63 && schedule.length > MAX_SCHEDULE_NAME) {
      problems.push({
        path: at("name"),
        reason: `its backups in ${region} would be named "${schedule}", longer than the ${String(MAX_SCHEDULE_NAME)} characters Velero's labels allow: shorten the name (or set prefixNamespaces: false)`,
      });
    }
  }

  const globalHost = entry.host ?? `${entry.name}.${context.domain}`;
  const host =
    placement.role === "standby" && placement.regionalHost !== undefined
      ? placement.regionalHost
      : globalHost;
  const spec: TenantSpec = {
    name: entry.name,
    namespace,
    tier: entry.tier,
    host,
    hosts: [
      ...new Set([
        host,
        ...(placement.regionalHost !== undefined ? [placement.regionalHost] : []),
        ...(context.standbyServesHost ? [globalHost] : []),
      ]),
    ],
    region: context.region,
    role: placement.role,
    homeRegion: placement.home,
    quota,
    containerDefaults: TIER_CONTAINER_DEFAULTS[entry.tier],
    allowlist: [...new Set([...context.allowlist, ...entry.allowlist])],
    egress,
    admins: admins ?? "",
    ...(viewers !== undefined ? { viewers } : {}),
    registries,
    storageClasses: entry.storageClasses,
    selfServiceRoutes: entry.selfServiceRoutes,
    databaseStorage,
    fileStorage,
    application,
    decommission: entry.decommission,
    ...(placement.restoreFrom !== undefined ? { restoreFrom: placement.restoreFrom } : {}),
    ...(entry.shard !== undefined ? { shard: entry.shard } : {}),
  };
  return { spec, problems };
}

/** The cloud whose backups each platform's Velero reads. */
const BACKUP_CLOUD = { aks: "azure", gke: "gcp" } as const;

/**
 * Why this stack cannot restore a tenant from `source`, if it cannot: the program reads backups
 * only with the Velero it installs, and only a backup of the same cloud (Azure Blob with data
 * moved by Velero; Google Cloud Storage with Compute Engine snapshots).
 */
function restoreRefusal(source: string, context: TenantContext): string | undefined {
  const platform = context.cluster.platform;
  if (platform === "existing") {
    return `this stack's cluster is an existing one, whose backups are its owner's: restore by hand (docs/operations.md "Backups") and remove restoreFrom`;
  }
  if (context.installsVelero === false) {
    return `restoring needs the Velero the program installs: set ${NAMESPACE}:addons.velero in this stack`;
  }
  if (cloudOfRegion(source) !== BACKUP_CLOUD[platform]) {
    return `"${source}" keeps its backups in another cloud than this ${platform} stack's, which its Velero cannot read: restore from a region on the same cloud`;
  }
  return undefined;
}

const GROUP_HINT: Readonly<Record<ClusterSpec["platform"], string>> = {
  aks: "the object id of the tenant's Entra ID group",
  gke: "the email of the tenant's Google group",
  existing: "the group name the cluster's authenticator puts in tokens",
};

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Problems across tenants: repeated names and hosts, Google groups without a security group. */
export function crossTenantProblems(
  tenants: readonly TenantSpec[],
  /** Each tenant's place in the catalog file, for the messages. */
  indexes: readonly number[],
  context: TenantContext,
): Problem[] {
  const problems: Problem[] = [];
  const firstHost = new Map<string, number>();
  const names = tenants.map((t) => t.name);
  tenants.forEach((tenant, index) => {
    // A repeated name is reported once, as a name; its derived host would only repeat it.
    if (names.indexOf(tenant.name) !== index) return;
    const seen = firstHost.get(tenant.host);
    const at = indexes[index] ?? index;
    if (seen !== undefined) {
      problems.push({
        path: `${context.catalogPath}: tenants[${at}].host`,
        reason: `"${tenant.host}" is already the host of tenants[${seen}]: give each tenant its own host`,
      });
    } else firstHost.set(tenant.host, at);
  });
  const cluster = context.cluster;
  if (cluster.platform === "gke" && cluster.securityGroup === undefined && tenants.length > 0) {
    problems.push({
      path: `${NAMESPACE}:cluster.securityGroup`,
      reason:
        "required when tenants are bound to Google groups: set it to gke-security-groups@<your domain> (Google Groups for RBAC)",
    });
  }
  return problems;
}

/** Tenant names that repeat; read from raw YAML too, so repeats show alongside other problems. */
export function duplicateNames(content: unknown, catalogPath: string): Problem[] {
  const tenants = Array.isArray(content)
    ? content
    : typeof content === "object" &&
        content !== null &&
        "tenants" in content &&
        Array.isArray(content.tenants)
      ? (content.tenants as unknown[])
      : [];
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  tenants.forEach((tenant: unknown, index) => {
    const name =
      typeof tenant === "object" && tenant !== null && "name" in tenant ? tenant.name : undefined;
    if (typeof name !== "string") return;
    const seen = first.get(name);
    if (seen === undefined) first.set(name, index);
    else {
      problems.push({
        path: `${catalogPath}: tenants[${index}].name`,
        reason: `"${name}" is already the name of tenants[${seen}]: tenant names must be unique`,
      });
    }
  });
  return problems;
}
