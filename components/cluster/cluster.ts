import {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from "@pulumi/kubernetes/admissionregistration/v1";
import { PriorityLevelConfiguration } from "@pulumi/kubernetes/flowcontrol/v1";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Provider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import type { AddonsSpec } from "../../stacks/cluster/addons";
import { clusterInternalRanges } from "../../stacks/cluster/ranges";
import { MANAGED_BY } from "../labels";
import type { ClusterSpec } from "../../stacks/spec";
import type { ClusterAccess } from "./access";
import {
  admissionBindingManifest,
  admissionPolicyManifest,
  admissionRules,
  NODE_ADDRESSES,
  policyName,
} from "./admission-policies";
import { calicoNodeAddressPolicy } from "./node-addresses";
import type { BackupSource } from "./backups";
import type { RestoreSources } from "./restore-sources";
import { clusterAddons, type ClusterAddons } from "./addons";
import { tenantPriorityLevelManifest } from "./api-fairness";
import { aksCluster } from "./aks";
import { existingCluster } from "./existing";
import { gkeCluster } from "./gke";
import type { PlacementFacts } from "./placement";
import {
  FILE_KEYS_NAMESPACE,
  fileStorage,
  gkeFilesStorageClassManifest,
  type FileStorage,
} from "./file-storage";
import { dataStorageClassManifest } from "./storage";

export interface ClusterArgs {
  /** The validated cluster settings of the stack (stacks/cluster/spec.ts). */
  readonly spec: ClusterSpec;
  /** Add-ons to install and the certificates' issuer (stacks/cluster/addons.ts). */
  readonly addons: AddonsSpec;
  readonly environment: string;
  /** Cloud region (AKS location, GKE region); a label for existing clusters. */
  readonly region: string;
  /** Source CIDRs allowed to the API server unless the settings name their own. */
  readonly allowlist: readonly string[];
  /** Kubeconfig of an existing cluster; a secret. @default the ambient kubeconfig */
  readonly kubeconfig?: pulumi.Input<string>;
  /** Password of AKS Windows nodes' administrator; a secret. @default generated */
  readonly windowsAdminPassword?: pulumi.Input<string>;
  /** Regions whose backups tenants here restore from; @default none */
  readonly restoreSources?: RestoreSources;
}

/**
 * The stack's Kubernetes cluster (AKS, GKE, or an existing one) and the provider every tenant
 * uses to reach it, with the placement facts that put pods on its Linux or Windows pools.
 */
export class Cluster extends pulumi.ComponentResource {
  /** Provider for every Kubernetes object of the stack. */
  public readonly provider: Provider;
  /** Node selectors and tolerations per OS and dedicated tier. */
  public readonly placement: PlacementFacts;
  /** The add-ons tenants' edge objects and Certificates wait for, and the certificates' issuer. */
  public readonly addons: ClusterAddons;
  /** StorageClass of tenants' database volumes (reclaim policy Retain where the program makes it). */
  public readonly dataStorageClass?: pulumi.Output<string>;
  /** Where tenants' shared files live: access mode and class (file-storage.ts). */
  public readonly files: FileStorage;
  /** The cluster's kubeconfig, when the program has one; always a secret. */
  public readonly kubeconfig: pulumi.Output<string | undefined>;
  /** Name of the cloud cluster, or the kubeconfig context of an existing one. */
  public readonly clusterName: pulumi.Output<string | undefined>;
  /** The Gateway's static public address, where the program makes one; DNS targets it. */
  public readonly gatewayAddress?: pulumi.Output<string>;
  /** Who upgrades the cluster's Kubernetes version and node images; absent for an existing cluster. */
  public readonly upgrades?: { readonly kubernetes: string; readonly nodeImages: string };
  /** What a reviewer must know about this cluster's isolation; also logged at preview. */
  public readonly warnings: readonly string[];
  /** Where this region's backups are, for other regions to restore from; where the program makes them. */
  public readonly backupSource?: pulumi.Output<BackupSource>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:cluster:Cluster", name, {}, opts);
    const access = this.createPlatform(name, args);
    this.placement = access.placement;
    this.kubeconfig = access.kubeconfig;
    this.clusterName = access.clusterName;
    this.warnings = access.warnings;
    this.upgrades = access.upgrades && {
      kubernetes: access.upgrades.kubernetes,
      nodeImages: access.upgrades.nodeImages,
    };
    this.gatewayAddress = access.gatewayAddress?.address;
    this.backupSource = access.backups?.source;
    for (const warning of this.warnings) void pulumi.log.warn(warning, this);
    this.provider = new Provider(
      `${name}-kubernetes`,
      { kubeconfig: access.kubeconfig, context: access.context },
      { parent: this, dependsOn: [...access.dependsOn] },
    );
    this.dataStorageClass = this.createDataStorageClass(name, args.spec);
    this.files = fileStorage(args.spec);
    if (args.spec.platform === "gke") {
      new StorageClass(`${name}-files-storage`, gkeFilesStorageClassManifest(), {
        parent: this,
        provider: this.provider,
      });
    }
    if (args.spec.platform === "aks") {
      new Namespace(
        `${name}-file-keys`,
        { metadata: { name: FILE_KEYS_NAMESPACE, labels: { ...MANAGED_BY } } },
        { parent: this, provider: this.provider },
      );
    }
    this.createAdmission(name, args.spec);
    this.addons = clusterAddons(
      name,
      args.addons,
      {
        address: access.gatewayAddress,
        internalRanges: clusterInternalRanges(args.spec),
        dns01: access.dns01,
        ...(access.backups ? { backups: access.backups } : {}),
        ...(args.restoreSources ? { restoreSources: args.restoreSources } : {}),
      },
      { parent: this, provider: this.provider },
    );
    this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.clusterName });
  }

  /**
   * The admission rules for tenants' own objects, built into the API server and on by default,
   * and the priority level tenants' API requests share.
   */
  private createAdmission(name: string, spec: ClusterSpec): void {
    const opts = { parent: this, provider: this.provider };
    new PriorityLevelConfiguration(`${name}-api-priority`, tenantPriorityLevelManifest(), opts);
    // Where Calico runs, a rule no tenant policy can open keeps pods from the node's addresses.
    if (spec.platform === "aks" && spec.network.policy === "calico") {
      new CustomResource(
        `${name}-node-addresses`,
        calicoNodeAddressPolicy(NODE_ADDRESSES.aks),
        opts,
      );
    }
    for (const rule of admissionRules(spec.platform)) {
      const policy = new ValidatingAdmissionPolicy(
        `${name}-${policyName(rule)}`,
        admissionPolicyManifest(rule),
        opts,
      );
      new ValidatingAdmissionPolicyBinding(
        `${name}-${policyName(rule)}`,
        admissionBindingManifest(rule),
        { ...opts, dependsOn: [policy] },
      );
    }
  }

  private createDataStorageClass(
    name: string,
    spec: ClusterSpec,
  ): pulumi.Output<string> | undefined {
    const manifest = dataStorageClassManifest(spec);
    if (manifest === undefined) {
      return spec.platform === "existing" && spec.storageClass !== undefined
        ? pulumi.output(spec.storageClass)
        : undefined;
    }
    const storageClass = new StorageClass(`${name}-data-storage`, manifest, {
      parent: this,
      provider: this.provider,
    });
    return storageClass.metadata.name;
  }

  private createPlatform(name: string, args: ClusterArgs): ClusterAccess {
    const spec = args.spec;
    const issuer = args.addons.issuer;
    const dns01 = issuer.kind === "letsEncrypt" ? issuer.dns01 : undefined;
    const backups = args.addons.velero !== undefined;
    switch (spec.platform) {
      case "aks":
        return aksCluster(name, { ...args, settings: spec, dns01, backups }, this);
      case "gke":
        return gkeCluster(name, { ...args, settings: spec, dns01, backups }, this);
      case "existing":
        return existingCluster(spec, args.kubeconfig);
      default: {
        const unreachable: never = spec;
        throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
