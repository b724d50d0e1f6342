import type { ClusterSpec } from "./spec";

/**
 * How the volume of a tenant's shared files can be mounted on the stack's cluster: by many
 * nodes at once (an SMB share) or by one (a disk). components/cluster/file-storage.ts says why
 * per platform.
 */
export type FileAccessMode = "ReadWriteMany" | "ReadWriteOnce";

export function filesAccessMode(cluster: ClusterSpec): FileAccessMode {
  switch (cluster.platform) {
    case "aks":
      return "ReadWriteMany";
    case "gke":
      return "ReadWriteOnce";
    case "existing":
      return cluster.files.accessMode;
    default: {
      const unreachable: never = cluster;
      throw new Error(`unknown platform in ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Why more web replicas cannot share the tenant's files, per platform; undefined if they can. */
export function singleWebReplicaReason(cluster: ClusterSpec): string | undefined {
  if (filesAccessMode(cluster) === "ReadWriteMany") return undefined;
  return cluster.platform === "gke"
    ? "on GKE the tenant's files are on a disk one node mounts (Windows pods have no shared SMB volume there): set 1"
    : "the cluster's files class (tenancy:cluster.files) is ReadWriteOnce: set 1, or name a ReadWriteMany class";
}
