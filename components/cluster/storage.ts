import type * as k8s from "@pulumi/kubernetes";
import type { ClusterSpec } from "../../stacks/spec";
import { MANAGED_BY } from "../labels";

/**
 * The StorageClass of tenants' database volumes. Its reclaim policy is Retain, so a volume (and
 * its cloud disk) outlives its claim: deleting a tenant's namespace never deletes its data.
 * The clouds' built-in classes use Delete, hence a class of our own.
 */

/** Name of the class the program creates on AKS and GKE. */
export const DATA_STORAGE_CLASS = "tenancy-data";

/**
 * The manifest for `platform`, or undefined where the program cannot know the CSI driver
 * (an existing cluster names its own class).
 * @see https://learn.microsoft.com/en-us/azure/aks/azure-disk-csi
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver
 */
export function dataStorageClassManifest(
  cluster: ClusterSpec,
): k8s.storage.v1.StorageClassArgs | undefined {
  const common = {
    metadata: { name: DATA_STORAGE_CLASS, labels: { ...MANAGED_BY } },
    reclaimPolicy: "Retain",
    // Bind where the database pod is scheduled, so the disk is created in the pod's zone.
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  };
  switch (cluster.platform) {
    case "aks":
      // Standard SSD attaches to every VM size; Premium needs an "s" size.
      return {
        ...common,
        provisioner: "disk.csi.azure.com",
        parameters: { skuName: "StandardSSD_LRS" },
      };
    case "gke":
      return {
        ...common,
        provisioner: "pd.csi.storage.gke.io",
        parameters: { type: "pd-balanced" },
      };
    case "existing":
      return undefined;
    default: {
      const unreachable: never = cluster;
      throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
    }
  }
}
