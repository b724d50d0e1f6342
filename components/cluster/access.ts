import type * as pulumi from "@pulumi/pulumi";
import type { Dns01Spec } from "../../stacks/cluster/addons";
import type { BackupTarget } from "./backups";
import type { Dns01Identity } from "./dns01";
import type { GatewayAddress } from "./gateway-address";
import type { PlacementFacts } from "./placement";
import type { UpgradeOwnership } from "./upgrades";

/** What a platform's settings come with: the stack they belong to. */
export interface PlatformInputs<Settings> {
  readonly settings: Settings;
  readonly environment: string;
  readonly region: string;
  /** Source CIDRs allowed to the API server unless the settings name their own. */
  readonly allowlist: readonly string[];
  /** The zone certificates' DNS-01 challenges are answered in, when they are. */
  readonly dns01?: Dns01Spec;
  /** Whether the stack installs Velero, whose storage and identity the platform then makes. */
  readonly backups?: boolean;
}

/** What each platform builder (AKS, GKE, existing) hands back to the Cluster component. */
export interface ClusterAccess {
  /** Name of the cloud cluster, or the kubeconfig context of an existing one. */
  readonly clusterName: pulumi.Output<string | undefined>;
  /** Always a secret; undefined for an existing cluster reached through the ambient kubeconfig. */
  readonly kubeconfig: pulumi.Output<string | undefined>;
  /** Context of the kubeconfig to use, where it is not the current one. */
  readonly context?: string;
  readonly placement: PlacementFacts;
  /** Who upgrades the cluster once it exists; absent for an existing cluster (its owner does). */
  readonly upgrades?: UpgradeOwnership;
  /** Isolation caveats a reviewer must see. */
  readonly warnings: readonly string[];
  /** cert-manager's cloud identity for DNS-01 challenges, when the stack answers them. */
  readonly dns01?: Dns01Identity;
  /** Where Velero writes backups and with which identity, when the stack installs it. */
  readonly backups?: BackupTarget;
  /** The Gateway's static address, where the program makes one (AKS, GKE). */
  readonly gatewayAddress?: GatewayAddress;
  /** The cloud cluster, which the Kubernetes provider waits for (and outlives on destroy). */
  readonly dependsOn: readonly pulumi.Resource[];
}
