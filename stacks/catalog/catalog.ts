import { z } from "zod";
import { applicationOverridesSchema, applicationSchema } from "./application";
import { cidrList, dnsLabel, dnsSubdomain, quantity, registry, uniqueList } from "../fields/fields";
import { QUOTA_KEYS, TIERS } from "./tiers";

/**
 * The tenant catalog of one environment, `stacks/<environment>.yaml`, shared by every region
 * stack of that environment. A tenant needs a `name` and its `admins`; every other field has a default.
 */

const quotaValue = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .pipe(quantity);

const quotaOverrides = z.strictObject(
  Object.fromEntries(QUOTA_KEYS.map((key) => [key, quotaValue.optional()])) as Record<
    (typeof QUOTA_KEYS)[number],
    z.ZodOptional<typeof quotaValue>
  >,
);

/**
 * A tenant's group, per platform, since one catalog serves the AKS and GKE stacks of an
 * environment. A stack needs the entry of its own platform.
 */
const groupRefs = z.strictObject({
  /** Object id of an Entra ID group (AKS-managed Entra ID puts group ids in tokens). */
  aks: z.guid({ message: "must be an Entra ID group object id (a GUID)" }).optional(),
  /**
   * A Google group, member of the cluster's `securityGroup` (Google Groups for RBAC).
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac
   */
  gke: z.email({ message: "must be a Google group's email address" }).optional(),
  /** The group name the existing cluster's authenticator puts in tokens. */
  existing: z.string().min(1).optional(),
});

export const tenantEntrySchema = z.strictObject({
  /** Stable id of the tenant: its namespace and every resource name derive from it. */
  name: dnsLabel,
  /** Sizing tier; @default "small". See docs/tenants.md "Tiers" for the figures. */
  tier: z.enum(TIERS).default("small"),
  /**
   * Home region: the region stack whose instance the tenant's host points at. Required when the
   * catalog lists more than one region; @default the catalog's only region.
   */
  region: dnsLabel.optional(),
  /** Regions that run a standby instance, reachable at `<name>.<region>.<domain>`; @default []. */
  standby: uniqueList(dnsLabel).default([]),
  /**
   * The region whose backups the tenant's instances elsewhere start from. An instance in any
   * other region (a new standby, a move, a failover) restores the tenant's latest backup taken
   * there, its volumes and the secrets its data is encrypted with, before its application starts.
   * It records where those instances' data came from, so it stays while they run. @default none:
   * every instance starts empty
   */
  restoreFrom: dnsLabel.optional(),
  /**
   * The shard that runs the tenant in each of its regions split into shards: its stack there is
   * `<environment>-<region>-tenants-<shard>`. Named here, never derived from a count, so adding a
   * shard moves no tenant; ignored where one stack runs the region. Required where a region of
   * the tenant is split. @default none
   */
  shard: dnsLabel.optional(),
  /** Public host of the tenant's application; @default `<name>.<domain>`. */
  host: dnsSubdomain.optional(),
  /** ResourceQuota figures that replace the tier's; @default {} (the tier's). */
  quota: quotaOverrides.default({}),
  /** Source CIDRs allowed to reach the tenant's hosts, added to the stack's `allowlist`; @default []. */
  allowlist: cidrList.default([]),
  /** Destination CIDRs outside the cluster the tenant's pods may reach; @default [] (none). */
  egress: cidrList.default([]),
  /** The tenant's administrators: `admin` in the tenant's namespace only. Required for the stack's platform. */
  admins: groupRefs,
  /** Read-only users: `view` in the tenant's namespace; @default none. */
  viewers: groupRefs.optional(),
  /** Image registries (host[/path]) the tenant may pull from, added to the catalog's; @default []. */
  registries: uniqueList(registry).default([]),
  /** StorageClasses the tenant's own volumes may use, besides the database's; @default []. */
  storageClasses: uniqueList(dnsSubdomain).default([]),
  /**
   * Whether the tenant's admins may publish HTTPRoutes of their own, on the tenant's listeners
   * only (docs/security.md "The edge"); granted by a Role the platform owns. @default false
   */
  selfServiceRoutes: z.boolean().default(false),
  /** Size of the database volume; @default per tier (docs/tenants.md "Tiers"). */
  databaseStorage: quotaValue.optional(),
  /** Size of the shared files (`C:\wfgen\data`); @default per tier (docs/tenants.md "Tiers"). */
  fileStorage: quotaValue.optional(),
  /** The tenant's own images, replicas or settings, replacing the catalog's `application`. */
  application: applicationOverridesSchema.optional(),
  /**
   * First step of removing a tenant: lifts the protection of its data so that the next step,
   * deleting the entry, may delete it. @default false
   */
  decommission: z.boolean().default(false),
});

export const catalogSchema = z.strictObject({
  /** DNS zone under which tenant hosts default to `<name>.<domain>`. */
  domain: dnsSubdomain,
  /** Image registries every tenant may pull from; @default []. */
  registries: uniqueList(registry).default([]),
  /**
   * The environment's regions, one stack each (`Pulumi.<environment>-<region>.yaml`); tenants
   * name their home and standby regions from it. @default none: every stack runs every tenant.
   */
  regions: uniqueList(dnsLabel).optional(),
  /** Prefix every namespace with the environment (`dev-contoso`); @default false. */
  prefixNamespaces: z.boolean().default(false),
  /** What every tenant's application runs: images (pinned), replicas, settings. */
  application: applicationSchema,
  /** The environment's tenants, each an entry with its own name, admins and options. */
  tenants: z.array(tenantEntrySchema),
});

export type TenantEntry = z.output<typeof tenantEntrySchema>;
