import type * as pulumi from "@pulumi/pulumi";
import type { ExistingClusterSettings } from "../../stacks/existing";
import { GKE_WINDOWS_TAINT, WINDOWS_TAINT, placementFacts, type PlacementFacts } from "./placement";

/** How to reach an existing cluster, and where its pods go. */
export interface ExistingClusterAccess {
  readonly kubeconfig?: pulumi.Input<string>;
  readonly context?: string;
  readonly placement: PlacementFacts;
}

/**
 * An existing cluster: nothing to create, only a way in. Its Windows pools may carry our taint
 * or GKE's, so Windows pods tolerate both.
 */
export function existingCluster(
  settings: ExistingClusterSettings,
  kubeconfig: pulumi.Input<string> | undefined,
): ExistingClusterAccess {
  return {
    kubeconfig,
    context: settings.context,
    placement: placementFacts([WINDOWS_TAINT, GKE_WINDOWS_TAINT], []),
  };
}
