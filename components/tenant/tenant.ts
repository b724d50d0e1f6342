import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import { FlowSchema } from "@pulumi/kubernetes/flowcontrol/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import * as pulumi from "@pulumi/pulumi";
import { RandomBytes } from "@pulumi/random/randomBytes";
import { RandomPassword } from "@pulumi/random/randomPassword";
import type { TenantSecretOutputs } from "../../stacks/load";
import type { FileAccessMode } from "../../stacks/cluster/files";
import type { TenantSpec } from "../../stacks/spec";
import type { ClusterAddons } from "../cluster/addons";
import type { FileStorage } from "../cluster/file-storage";
import type { TenantHosting } from "./hosting";
import { placementFor, type Os, type Placement } from "../cluster/placement";
import { flowSchemaManifest } from "./api-fairness";
import { backupScheduleManifest, restoreManifest } from "./backups";
import { COMPONENTS, OBJECT_NAMES } from "./application";
import {
  appSettingsManifest,
  applicationKeysManifest,
  applicationUrl,
  licenceManifest,
} from "./config";
import { databaseCredentialsManifest, databaseVolumeManifest, filesVolumeManifest } from "./data";
import { databaseServiceManifest, databaseStatefulSetManifest } from "./database";
import {
  allowlistPolicyManifest,
  certificateManifest,
  hstsPolicyManifest,
  listenerSetManifest,
  routeEditorManifests,
  webRouteManifest,
} from "./edge";
import { applicationFlows } from "./flows";
import { namespaceManifest } from "./namespace";
import { networkPolicyManifests, type PolicyKey } from "./network";
import { serviceAccountManifest } from "./pods";
import { limitRangeManifest, quotaManifest } from "./quota";
import { roleBindingManifests } from "./rbac";
import {
  servicesDeploymentManifest,
  webDeploymentManifest,
  webDisruptionBudgetManifest,
  webServiceManifest,
} from "./workloads";

export interface TenantArgs {
  /** The validated catalog entry, defaults applied (stacks/catalog/spec.ts). */
  readonly spec: TenantSpec;
  readonly cluster: TenantHosting;
  /** The tenant's licence and database password from the stack config; @default {} */
  readonly secrets?: TenantSecretOutputs;
}

/**
 * Windows images are large and pull slowly on a fresh node; the first rollout of a web or
 * services Deployment may take far longer than the provider's default ten minutes.
 */
const WINDOWS_ROLLOUT = { create: "30m", update: "30m" };

/**
 * One tenant: its namespace and everything in it. Kubernetes objects go through the provider
 * passed in `opts.providers`; tenants never depend on one another.
 */
export class Tenant extends pulumi.ComponentResource {
  /** Name of the tenant's namespace. */
  public readonly namespace: pulumi.Output<string>;
  /** Public URL of the tenant's application. */
  public readonly url: string;
  /** Where the tenant's pods of each OS run: its tier's dedicated pools, else the shared ones. */
  public readonly placement: Readonly<Record<Os, Placement>>;
  /** The class of the tenant's shared files; undefined: the cluster's default class. */
  private readonly filesClass?: pulumi.Output<string> | string;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:tenant:Tenant", name, {}, opts);
    const { spec, cluster } = args;
    const secrets = args.secrets ?? {};
    this.placement = {
      linux: placementFor(cluster.placement, "linux", spec.tier),
      windows: placementFor(cluster.placement, "windows", spec.tier),
    };
    const filesClass = this.createFilesClass(name, spec, cluster.files);
    this.filesClass = pulumi.Resource.isInstance(filesClass)
      ? filesClass.metadata.name
      : filesClass;
    const namespace = this.createNamespace(name, spec, cluster);
    this.namespace = namespace.metadata.name;
    this.createQuota(name, spec);
    this.createNetworkPolicies(name, spec);
    // Restored, the data and its secrets come from the backup; otherwise the program makes them.
    const restored =
      spec.restoreFrom !== undefined
        ? this.createRestore(name, spec, spec.restoreFrom, cluster.addons.backups, [
            namespace,
            ...(pulumi.Resource.isInstance(filesClass) ? [filesClass] : []),
          ])
        : undefined;
    // Its admins get their rights once the restore is done: nothing of theirs can be in its way.
    this.createAccess(name, spec, restored);
    if (restored === undefined) {
      this.createData(name, spec, cluster.dataStorageClass, secrets.databasePassword);
      this.createFiles(name, spec, cluster.files.accessMode);
      this.createApplicationKeys(name, spec);
    }
    this.createConfiguration(name, spec, secrets.licence);
    this.createApplication(name, spec, cluster.files.accessMode, restored);
    this.createEdge(name, spec, cluster.addons);
    this.createBackups(name, spec, cluster.addons.backups);
    this.url = applicationUrl(spec);
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }

  /** The tenant's Schedule waits for Velero (and its CRDs) where the Cluster installs it. */
  private createBackups(name: string, spec: TenantSpec, backups: ClusterAddons["backups"]): void {
    new CustomResource(
      `${name}-backups`,
      backupScheduleManifest(spec, backups?.moveData ?? false),
      { parent: this, dependsOn: [...(backups?.ready ?? [])] },
    );
  }

  /**
   * The tenant's data from another region's latest backup, into its new namespace before anything
   * reads it; Velero reads that region's backups through the location the Cluster made for them.
   */
  private createRestore(
    name: string,
    spec: TenantSpec,
    source: string,
    backups: ClusterAddons["backups"],
    after: readonly pulumi.Resource[],
  ): pulumi.Resource {
    const location = backups?.sources.get(source);
    if (location === undefined) {
      throw new Error(
        `tenant ${spec.name} restores from ${source}, but the cluster reads no backups of ${source}: pass it in the Cluster's restoreSources`,
      );
    }
    return new CustomResource(`${name}-restore`, restoreManifest(spec, source), {
      parent: this,
      dependsOn: [...after, ...location],
    });
  }

  /** A class of the tenant's own for its files, where the cluster gives one each (AKS). */
  private createFilesClass(
    name: string,
    spec: TenantSpec,
    files: FileStorage,
  ): StorageClass | pulumi.Output<string> | string | undefined {
    if (files.tenantClass === undefined) return files.sharedClass;
    return new StorageClass(`${name}-files-storage`, files.tenantClass(spec.namespace), {
      parent: this,
    });
  }

  /** The shared files are protected and retained like the database volume. */
  private createFiles(name: string, spec: TenantSpec, accessMode: FileAccessMode): void {
    new corev1.PersistentVolumeClaim(
      `${name}-${OBJECT_NAMES.files}`,
      filesVolumeManifest(spec, this.namespace, this.filesClass, accessMode),
      { parent: this, protect: !spec.decommission, retainOnDelete: true },
    );
  }

  /** The namespace holds the tenant's data, so it is protected like the data itself. */
  private createNamespace(
    name: string,
    spec: TenantSpec,
    cluster: TenantHosting,
  ): corev1.Namespace {
    return new corev1.Namespace(
      `${name}-namespace`,
      namespaceManifest(spec, {
        dataStorageClass: cluster.dataStorageClass,
        ...(this.filesClass !== undefined ? { filesStorageClass: this.filesClass } : {}),
        flows: applicationFlows(spec),
        placement: [this.placement.linux, this.placement.windows],
        unpolicedOs: cluster.placement.unpolicedOs ?? [],
      }),
      { parent: this, protect: !spec.decommission },
    );
  }

  private createAccess(
    name: string,
    spec: TenantSpec,
    restored: pulumi.Resource | undefined,
  ): void {
    for (const { key, manifest } of roleBindingManifests(spec, this.namespace)) {
      new rbacv1.RoleBinding(`${name}-${OBJECT_NAMES[key]}`, manifest, {
        parent: this,
        dependsOn: restored ? [restored] : [],
      });
    }
  }

  private createQuota(name: string, spec: TenantSpec): void {
    new FlowSchema(`${name}-api-fairness`, flowSchemaManifest(spec), { parent: this });
    new corev1.ResourceQuota(`${name}-${OBJECT_NAMES.quota}`, quotaManifest(spec, this.namespace), {
      parent: this,
    });
    new corev1.LimitRange(
      `${name}-${OBJECT_NAMES.limits}`,
      limitRangeManifest(spec, this.namespace),
      { parent: this },
    );
  }

  private createNetworkPolicies(name: string, spec: TenantSpec): void {
    const policies = networkPolicyManifests(spec, this.namespace);
    for (const [key, manifest] of Object.entries(policies) as [PolicyKey, typeof policies.dns][]) {
      new NetworkPolicy(`${name}-${OBJECT_NAMES[key]}`, manifest, { parent: this });
    }
  }

  /**
   * The database volume, its password and the Secret holding it are protected: removing the
   * tenant from the catalog makes `pulumi up` stop instead of deleting them, until the tenant is
   * marked `decommission: true`. The volume's claim is also retained on delete.
   */
  private createData(
    name: string,
    spec: TenantSpec,
    storageClass: pulumi.Input<string> | undefined,
    givenPassword: pulumi.Output<string> | undefined,
  ): void {
    const protection = { parent: this, protect: !spec.decommission };
    // SQL Server's rule: 8+ characters from three of four classes. The special characters
    // exclude those with a meaning in connection strings (; = ' " { }).
    const sqlPassword = (resource: string) =>
      new RandomPassword(
        `${name}-${resource}`,
        {
          length: 32,
          minLower: 1,
          minUpper: 1,
          minNumeric: 1,
          minSpecial: 1,
          overrideSpecial: "-_.!#%+",
        },
        protection,
      ).result;
    const passwords = {
      sa: givenPassword ?? sqlPassword("database-password"),
      application: sqlPassword("application-login-password"),
    };
    new corev1.Secret(
      `${name}-${OBJECT_NAMES.databaseCredentials}`,
      databaseCredentialsManifest(spec, this.namespace, passwords),
      { ...protection, retainOnDelete: true },
    );
    new corev1.PersistentVolumeClaim(
      `${name}-${OBJECT_NAMES.databaseVolume}`,
      databaseVolumeManifest(spec, this.namespace, storageClass),
      { ...protection, retainOnDelete: true },
    );
  }

  /**
   * Settings in a ConfigMap; the licence, when the stack config has it, in a Secret.
   */
  private createConfiguration(
    name: string,
    spec: TenantSpec,
    licence: pulumi.Output<string> | undefined,
  ): void {
    new corev1.ConfigMap(
      `${name}-${OBJECT_NAMES.appSettings}`,
      appSettingsManifest(spec, this.namespace),
      { parent: this },
    );
    if (licence !== undefined) {
      new corev1.Secret(
        `${name}-${OBJECT_NAMES.licence}`,
        licenceManifest(spec, this.namespace, licence),
        { parent: this },
      );
    }
  }

  /**
   * The application's keys encrypt what it stores in its database, so they are kept and
   * protected like the data.
   */
  private createApplicationKeys(name: string, spec: TenantSpec): void {
    const protection = { parent: this, protect: !spec.decommission };
    // WorkflowGen takes exactly 32 characters; ASP.NET machine keys in hex: HMACSHA256
    // validation 64 bytes, AES-256 decryption 32 bytes. RandomBytes, not RandomId: its outputs are
    // secrets in the state, where a RandomId keeps the key in plain text (its id is the key).
    const encryption = new RandomPassword(
      `${name}-encryption-key`,
      { length: 32, special: false },
      protection,
    );
    const validation = new RandomBytes(
      `${name}-machine-validation-key`,
      { length: 64 },
      protection,
    );
    const decryption = new RandomBytes(
      `${name}-machine-decryption-key`,
      { length: 32 },
      protection,
    );
    new corev1.Secret(
      `${name}-${OBJECT_NAMES.applicationKeys}`,
      applicationKeysManifest(spec, this.namespace, {
        encryption: encryption.result,
        machineValidation: validation.hex,
        machineDecryption: decryption.hex,
      }),
      { ...protection, retainOnDelete: true },
    );
  }

  /**
   * Each component's service account, the Windows web and services pods, the Linux database;
   * the pods wait for a restore of their data, if any.
   */
  private createApplication(
    name: string,
    spec: TenantSpec,
    files: FileAccessMode,
    restored: pulumi.Resource | undefined,
  ): void {
    const child = { parent: this };
    const pods = { parent: this, dependsOn: restored ? [restored] : [] };
    for (const component of COMPONENTS) {
      new corev1.ServiceAccount(
        `${name}-${component}`,
        serviceAccountManifest(spec.name, component, this.namespace),
        child,
      );
    }
    const windows = { ...pods, customTimeouts: WINDOWS_ROLLOUT };
    new appsv1.Deployment(
      `${name}-${OBJECT_NAMES.web}`,
      webDeploymentManifest(spec, this.namespace, this.placement.windows, files),
      windows,
    );
    new corev1.Service(
      `${name}-${OBJECT_NAMES.web}`,
      webServiceManifest(spec, this.namespace),
      child,
    );
    new policyv1.PodDisruptionBudget(
      `${name}-${OBJECT_NAMES.web}`,
      webDisruptionBudgetManifest(spec, this.namespace),
      child,
    );
    new appsv1.Deployment(
      `${name}-${OBJECT_NAMES.services}`,
      servicesDeploymentManifest(spec, this.namespace, this.placement.windows, files),
      windows,
    );
    new appsv1.StatefulSet(
      `${name}-${OBJECT_NAMES.database}`,
      databaseStatefulSetManifest(spec, this.namespace, this.placement.linux),
      pods,
    );
    new corev1.Service(
      `${name}-${OBJECT_NAMES.database}`,
      databaseServiceManifest(spec, this.namespace),
      child,
    );
  }

  /**
   * What claims the tenant's hosts, in the edge namespace, and the route in the tenant's namespace
   * wait for the edge's CRDs only, never for another object of the tenant; the Certificate waits
   * for the issuer.
   */
  private createEdge(name: string, spec: TenantSpec, addons: ClusterAddons): void {
    const edge = { parent: this, dependsOn: [...addons.edgeReady] };
    new CustomResource(`${name}-listeners`, listenerSetManifest(spec), edge);
    new CustomResource(`${name}-tls`, certificateManifest(spec, addons.issuer.name), {
      parent: this,
      dependsOn: [...addons.issuer.ready],
    });
    new CustomResource(`${name}-allowlist`, allowlistPolicyManifest(spec), edge);
    new CustomResource(`${name}-hsts`, hstsPolicyManifest(spec), edge);
    new CustomResource(`${name}-${OBJECT_NAMES.web}`, webRouteManifest(spec, this.namespace), edge);
    if (spec.selfServiceRoutes) {
      const { role, binding } = routeEditorManifests(spec, this.namespace);
      new rbacv1.Role(`${name}-${OBJECT_NAMES.routeEditors}`, role, { parent: this });
      new rbacv1.RoleBinding(`${name}-${OBJECT_NAMES.routeEditors}`, binding, { parent: this });
    }
  }
}
