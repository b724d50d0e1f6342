import type { EgressBlock } from "../cluster/ranges";
import type { ApplicationSpec } from "./application";
import type { RegionRole } from "./homes";
import type { ContainerDefaults, Quota, Tier } from "./tiers";

/** One tenant as a region stack runs it: its catalog entry, defaults applied, names derived. */
export interface TenantSpec {
  /** Stable id: resource names and the namespace derive from it. */
  readonly name: string;
  readonly namespace: string;
  readonly tier: Tier;
  /** Host of the application's URL in this region: the tenant's host at home, else its regional host. */
  readonly host: string;
  /** Every host this region's instance serves (and its certificate names). */
  readonly hosts: readonly string[];
  /** The region this instance runs in. */
  readonly region: string;
  /** Whether this region runs the tenant's home instance or a standby. */
  readonly role: RegionRole;
  /** The region the tenant's host points at. */
  readonly homeRegion: string;
  readonly quota: Quota;
  readonly containerDefaults: ContainerDefaults;
  /** Sources allowed to the tenant's hosts: the stack's allowlist plus the tenant's own. */
  readonly allowlist: readonly string[];
  /** Destinations outside the cluster the tenant's pods may reach, cluster ranges carved out. */
  readonly egress: readonly EgressBlock[];
  /** The group bound to `admin` in the namespace, in the form of the stack's platform. */
  readonly admins: string;
  /** The group bound to `view` in the namespace, if any. */
  readonly viewers?: string;
  /** Image registries the tenant may pull from: the catalog's and its own. */
  readonly registries: readonly string[];
  /** StorageClasses the tenant's own volumes may use, besides the database's. */
  readonly storageClasses: readonly string[];
  /** Whether the tenant's admins may publish HTTPRoutes of their own on its listeners. */
  readonly selfServiceRoutes: boolean;
  /** Size of the database volume. */
  readonly databaseStorage: string;
  /** Size of the tenant's shared files (`C:\wfgen\data`). */
  readonly fileStorage: string;
  /** The tenant's application: images, replicas, settings. */
  readonly application: ApplicationSpec;
  /** True once the tenant is being removed: its data is no longer protected. */
  readonly decommission: boolean;
  /**
   * The region whose latest backup this instance starts from: its volumes and the secrets of
   * its data come from that backup, not from this program. Absent: the program creates them.
   */
  readonly restoreFrom?: string;
  /** The shard that runs the tenant where its region is split into shards. */
  readonly shard?: string;
}
