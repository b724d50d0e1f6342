import { channelMovesMinor, type AksClusterSettings } from "../../stacks/cluster/aks";
import type { GkeClusterSettings } from "../../stacks/cluster/gke";

/**
 * Who moves a cluster's versions after `pulumi up` created it, and so which inputs the program
 * must stop diffing: an input the cloud changes on its own would otherwise read as drift, and the
 * next `up` would try to take the cluster back (AKS refuses a downgrade, so `up` would fail).
 */
export interface UpgradeOwnership {
  /** Who upgrades the control plane's Kubernetes version, for the report. */
  readonly kubernetes: string;
  /** Who upgrades the nodes' OS images, for the report. */
  readonly nodeImages: string;
  /** Inputs of the cluster resource the cloud moves: left to it after creation. */
  readonly clusterIgnores: readonly string[];
  /** Inputs of each separate node pool the cloud moves. */
  readonly poolIgnores: readonly string[];
}

/**
 * AKS: `patch` moves patches within the minor the stack names ("1.35" stays "1.35"), `stable`
 * and `rapid` move the minor too, so the version then belongs to the channel; node images follow
 * `nodeOsUpgradeChannel` (and the `node-image` upgrade channel), never an input of the program.
 * @see https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels
 * @see https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-node-os-image
 */
export function aksUpgradeOwnership(settings: AksClusterSettings): UpgradeOwnership {
  const channel = settings.upgradeChannel;
  const minorMoves = channelMovesMinor(channel);
  const kubernetes = minorMoves
    ? `AKS upgrade channel ${channel} (minor and patch versions; kubernetesVersion applies at creation only)`
    : channel === "patch"
      ? `AKS upgrade channel patch (patches of ${settings.kubernetesVersion}); minor versions: this stack's kubernetesVersion`
      : `this stack's kubernetesVersion (AKS upgrade channel ${channel})`;
  const nodeImages =
    channel === "node-image"
      ? "AKS upgrade channel node-image"
      : `AKS node OS channel ${settings.nodeOsUpgradeChannel}`;
  return {
    kubernetes,
    nodeImages,
    clusterIgnores: minorMoves
      ? ["kubernetesVersion", "agentPoolProfiles[0].orchestratorVersion"]
      : [],
    poolIgnores: minorMoves ? ["orchestratorVersion"] : [],
  };
}

/**
 * GKE: the release channel upgrades the control plane and, with auto-upgrade, every pool's
 * version and image. `minMasterVersion` is a floor the provider does not diff once the channel has
 * gone past it, and the program sets no pool version, so nothing needs ignoring.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels
 */
export function gkeUpgradeOwnership(settings: GkeClusterSettings): UpgradeOwnership {
  return {
    kubernetes: `GKE release channel ${settings.releaseChannel} (no older than ${settings.kubernetesVersion})`,
    nodeImages: `GKE release channel ${settings.releaseChannel} (node auto-upgrade)`,
    clusterIgnores: [],
    poolIgnores: [],
  };
}
