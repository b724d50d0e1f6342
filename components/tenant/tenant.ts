import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import type { TenantSpec } from "../../stacks/spec";
import type { IngressFacts } from "../cluster/ingress";
import { placementFor, type Os, type Placement, type PlacementFacts } from "../cluster/placement";
import { OBJECT_NAMES } from "./application";
import { databaseCredentialsManifest, databaseVolumeManifest } from "./data";
import { namespaceManifest } from "./namespace";
import { networkPolicyManifests, type PolicyKey } from "./network";
import { limitRangeManifest, quotaManifest } from "./quota";
import { roleBindingManifests } from "./rbac";

/** What a tenant needs of its cluster; the Cluster component provides all of it. */
export interface TenantHosting {
  /** Node selectors and tolerations of the cluster's pools. */
  readonly placement: PlacementFacts;
  /** The ingress controller, the only source web pods accept. */
  readonly ingress: IngressFacts;
  /** StorageClass of database volumes; @default the cluster's default class */
  readonly dataStorageClass?: pulumi.Output<string>;
}

export interface TenantArgs {
  /** The validated catalog entry, defaults applied (stacks/spec.ts). */
  readonly spec: TenantSpec;
  readonly cluster: TenantHosting;
}

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

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:tenant:Tenant", name, {}, opts);
    const { spec, cluster } = args;
    this.namespace = this.createNamespace(name, spec, cluster);
    this.createAccess(name, spec);
    this.createQuota(name, spec);
    this.createNetworkPolicies(name, spec, cluster.ingress);
    this.createData(name, spec, cluster.dataStorageClass);
    this.url = `https://${spec.host}`;
    this.placement = {
      linux: placementFor(cluster.placement, "linux", spec.tier),
      windows: placementFor(cluster.placement, "windows", spec.tier),
    };
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }

  /** The namespace holds the tenant's data, so it is protected like the data itself. */
  private createNamespace(
    name: string,
    spec: TenantSpec,
    cluster: TenantHosting,
  ): pulumi.Output<string> {
    const namespace = new corev1.Namespace(
      `${name}-namespace`,
      namespaceManifest(spec, {
        dataStorageClass: cluster.dataStorageClass,
        ingressClass: cluster.ingress.className,
      }),
      { parent: this, protect: !spec.decommission },
    );
    return namespace.metadata.name;
  }

  private createAccess(name: string, spec: TenantSpec): void {
    for (const { key, manifest } of roleBindingManifests(spec, this.namespace)) {
      new rbacv1.RoleBinding(`${name}-${OBJECT_NAMES[key]}`, manifest, { parent: this });
    }
  }

  private createQuota(name: string, spec: TenantSpec): void {
    new corev1.ResourceQuota(`${name}-${OBJECT_NAMES.quota}`, quotaManifest(spec, this.namespace), {
      parent: this,
    });
    new corev1.LimitRange(
      `${name}-${OBJECT_NAMES.limits}`,
      limitRangeManifest(spec, this.namespace),
      { parent: this },
    );
  }

  private createNetworkPolicies(name: string, spec: TenantSpec, ingress: IngressFacts): void {
    const policies = networkPolicyManifests(spec, this.namespace, ingress);
    for (const [key, manifest] of Object.entries(policies) as [PolicyKey, typeof policies.dns][]) {
      new networkingv1.NetworkPolicy(`${name}-${OBJECT_NAMES[key]}`, manifest, { parent: this });
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
    storageClass: pulumi.Output<string> | undefined,
  ): void {
    const protection = { parent: this, protect: !spec.decommission };
    // SQL Server's rule: 8+ characters from three of four classes. The special characters
    // exclude those with a meaning in connection strings (; = ' " { }).
    const password = new RandomPassword(
      `${name}-database-password`,
      {
        length: 32,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
        minSpecial: 1,
        overrideSpecial: "-_.!#%+",
      },
      protection,
    );
    new corev1.Secret(
      `${name}-${OBJECT_NAMES.databaseCredentials}`,
      databaseCredentialsManifest(spec, this.namespace, password.result),
      { ...protection, retainOnDelete: true },
    );
    new corev1.PersistentVolumeClaim(
      `${name}-${OBJECT_NAMES.databaseVolume}`,
      databaseVolumeManifest(spec, this.namespace, storageClass),
      { ...protection, retainOnDelete: true },
    );
  }
}
