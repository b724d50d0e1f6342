import * as authorization from "@pulumi/azure-native/authorization";
import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, type Problem, type StackSpec } from "../stacks";
import { channelMovesMinor } from "../stacks/cluster/aks";
import {
  CHANNEL_OWNS_VERSION,
  aksOfferedProblems,
  gkeOfferedProblems,
  type AksOfferedVersion,
} from "../stacks/cluster/kubernetes-versions";

/**
 * Checks the stack against what its cloud offers today, before the program registers anything:
 * a Kubernetes version the region no longer (or not yet) runs is refused at preview, not halfway
 * through `up`. The offline render answers these calls from recorded data (scripts/render/recorded).
 */

/** AKS API version of the "List Kubernetes Versions" call (GA). */
const AKS_API_VERSION = "2025-09-01";

/**
 * The Kubernetes versions AKS offers in `region` to the subscription Pulumi runs as. azure-native
 * has no function for this call, so it goes to Azure Resource Manager with the provider's token.
 * @see https://learn.microsoft.com/en-us/rest/api/aks/managed-clusters/list-kubernetes-versions
 */
async function aksOfferedVersions(region: string): Promise<AksOfferedVersion[]> {
  const { subscriptionId } = await authorization.getClientConfig();
  const { token } = await authorization.getClientToken();
  const url =
    `https://management.azure.com/subscriptions/${subscriptionId}/providers/Microsoft.ContainerService` +
    `/locations/${encodeURIComponent(region)}/kubernetesVersions?api-version=${AKS_API_VERSION}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    throw new pulumi.RunError(
      `could not list the Kubernetes versions AKS offers in ${region} (HTTP ${response.status}): check the Azure login Pulumi runs with`,
    );
  }
  const body = (await response.json()) as { values?: AksOfferedVersion[] };
  return body.values ?? [];
}

/** Problems of the stack's cluster against its cloud's offer; none for an existing cluster. */
export async function cloudVersionProblems(spec: StackSpec): Promise<Problem[]> {
  const cluster = spec.cluster;
  switch (cluster.platform) {
    case "aks":
      return aksOfferedProblems(
        cluster.kubernetesVersion,
        await aksOfferedVersions(spec.region),
        spec.region,
        channelMovesMinor(cluster.upgradeChannel) ? CHANNEL_OWNS_VERSION : "",
      );
    case "gke":
      return gkeOfferedProblems(
        cluster.kubernetesVersion,
        cluster.releaseChannel,
        await container.getEngineVersions({ project: cluster.project, location: spec.region }),
        spec.region,
        CHANNEL_OWNS_VERSION,
      );
    case "existing":
      return [];
    default: {
      const unreachable: never = cluster;
      throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Throws, listing every problem, when the cloud would refuse the stack's versions. */
export async function refuseUnofferedVersions(spec: StackSpec): Promise<void> {
  const problems = await cloudVersionProblems(spec);
  if (problems.length > 0) throw new pulumi.RunError(formatProblems(problems));
}
