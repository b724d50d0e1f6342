import type * as pulumi from "@pulumi/pulumi";
import type { ExistingClusterSettings } from "../../stacks/existing";
import { clusterPlacement, type PlacementFacts } from "./placement";

/** How to reach an existing cluster, and where its pods go. */
export interface ExistingClusterAccess {
  readonly kubeconfig?: pulumi.Input<string>;
  readonly context?: string;
  readonly placement: PlacementFacts;
}

/** An existing cluster: nothing to create, only a way in. */
export function existingCluster(
  settings: ExistingClusterSettings,
  kubeconfig: pulumi.Input<string> | undefined,
): ExistingClusterAccess {
  return {
    kubeconfig,
    context: settings.context,
    placement: clusterPlacement({ platform: "existing", ...settings }),
  };
}
