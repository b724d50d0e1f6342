import type * as k8s from "@pulumi/kubernetes";
import { filesAccessMode, type FileAccessMode } from "../../stacks/cluster/files";
import type { ClusterSpec } from "../../stacks/spec";
import { MANAGED_BY } from "../labels";

/**
 * Where each tenant's shared files (WorkflowGen's `C:\wfgen\data`: App_Data and the workflow
 * applications) live, one volume per tenant mounted by every web pod and the services pod.
 * Pure facts per platform:
 *
 * - AKS: an Azure Files SMB share (the built-in `file.csi.azure.com` driver; Windows nodes mount
 *   SMB, not NFS), ReadWriteMany. Each tenant gets a StorageClass of its own whose tags the driver
 *   matches, so each tenant's share is in a storage account of its own (by default the driver puts
 *   every share of a class in one account: one key would open them all). The driver keeps the
 *   account key in a namespace of the platform's, not the tenant's: an account key opens the whole
 *   account, past the quota and the share's protection, from anywhere.
 * - GKE: no documented way gives Windows pods a shared SMB volume (Filestore is NFS, for Linux
 *   nodes only; NetApp Volumes SMB needs an Active Directory), so the files are on a retained
 *   NTFS persistent disk, ReadWriteOnce: one web replica, and the services pod on the same node.
 * - existing: the class and access mode the stack names.
 * @see https://github.com/kubernetes-sigs/azurefile-csi-driver/blob/master/docs/driver-parameters.md
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/windows-server-gke
 * @see https://docs.advantys.com/workflowgen-for-docker/workflowgen-image/file-management
 */

export interface FileStorage {
  readonly accessMode: FileAccessMode;
  /** The class every tenant's claim uses; undefined: the cluster's default class. */
  readonly sharedClass?: string;
  /** A class of the tenant's own, named for its namespace, when the platform gives one each. */
  readonly tenantClass?: (namespace: string) => k8s.storage.v1.StorageClassArgs;
}

/** Where the file driver keeps tenants' storage account keys (AKS): no tenant has rights there. */
export const FILE_KEYS_NAMESPACE = "tenancy-storage";

/** The class the program creates for tenants' files where all tenants share one (GKE). */
export const FILES_STORAGE_CLASS = "tenancy-files";

/** Name of a tenant's own files class. */
export const tenantFilesClass = (namespace: string): string => `tenancy-files-${namespace}`;

/** Common to every class of files: the data outlives its claim. */
const RETAINED = { reclaimPolicy: "Retain", allowVolumeExpansion: true } as const;

export function fileStorage(spec: ClusterSpec): FileStorage {
  switch (spec.platform) {
    case "aks":
      return {
        accessMode: filesAccessMode(spec),
        tenantClass: (namespace) => ({
          metadata: { name: tenantFilesClass(namespace), labels: { ...MANAGED_BY } },
          provisioner: "file.csi.azure.com",
          ...RETAINED,
          volumeBindingMode: "Immediate",
          parameters: {
            protocol: "smb",
            skuName: "Standard_LRS",
            // One storage account per tag set: the tenant's own.
            tags: `tenancy-namespace=${namespace}`,
            matchTags: "true",
            allowBlobPublicAccess: "false",
            secretNamespace: FILE_KEYS_NAMESPACE,
          },
        }),
      };
    case "gke":
      return { accessMode: filesAccessMode(spec), sharedClass: FILES_STORAGE_CLASS };
    case "existing":
      return {
        accessMode: filesAccessMode(spec),
        ...(spec.files.storageClass !== undefined ? { sharedClass: spec.files.storageClass } : {}),
      };
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The GKE class of tenants' files: NTFS on a balanced persistent disk, retained. */
export const gkeFilesStorageClassManifest = (): k8s.storage.v1.StorageClassArgs => ({
  metadata: { name: FILES_STORAGE_CLASS, labels: { ...MANAGED_BY } },
  provisioner: "pd.csi.storage.gke.io",
  ...RETAINED,
  // Created where the web pod lands, in its zone.
  volumeBindingMode: "WaitForFirstConsumer",
  parameters: { type: "pd-balanced", "csi.storage.k8s.io/fstype": "NTFS" },
});
