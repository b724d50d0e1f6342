import * as pulumi from "@pulumi/pulumi";
import type { ExistingClusterSettings } from "../../stacks/cluster/existing";
import type { ClusterAccess } from "./access";
import { clusterPlacement } from "./placement";

/** An existing cluster: nothing to create, only a way in. */
export function existingCluster(
  settings: ExistingClusterSettings,
  kubeconfig: pulumi.Input<string> | undefined,
): ClusterAccess {
  return {
    clusterName: pulumi.output(settings.context),
    kubeconfig: pulumi.secret(pulumi.output(kubeconfig)),
    context: settings.context,
    placement: clusterPlacement({ platform: "existing", ...settings }),
    warnings: [],
    dependsOn: [],
  };
}
