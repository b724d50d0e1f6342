import type * as pulumi from "@pulumi/pulumi";
import type { AddonsSpec } from "../../stacks/cluster/addons";
import type { ClusterSpec } from "../../stacks/spec";
import { issuerName } from "../cluster/addon-values";
import type { ClusterAddons } from "../cluster/addons";
import { fileStorage, type FileStorage } from "../cluster/file-storage";
import { clusterPlacement, type PlacementFacts } from "../cluster/placement";
import { VELERO_MOVES_DATA } from "../cluster/backups";
import { DATA_STORAGE_CLASS } from "../cluster/storage";

/** What a tenant needs of its cluster; the Cluster component provides all of it. */
export interface TenantHosting {
  /** Node selectors and tolerations of the cluster's pools. */
  readonly placement: PlacementFacts;
  /** StorageClass of database volumes; @default the cluster's default class */
  readonly dataStorageClass?: pulumi.Input<string>;
  /** Where the tenant's shared files live: their access mode and class. */
  readonly files: FileStorage;
  /** What the tenant's edge objects and Certificate wait for, and the certificates' issuer. */
  readonly addons: ClusterAddons;
}

/**
 * What tenants have of a cluster another stack made, known from that stack's settings alone, as
 * the Cluster component derives it: the same pools, classes, issuer and backups. Nothing is
 * waited for: the cluster stack is up before its shards run (docs/operations.md "Shards").
 * @param restoreSources the regions the cluster stack reads backups of
 */
export function hostingOf(
  cluster: ClusterSpec,
  addons: AddonsSpec,
  restoreSources: readonly string[],
): TenantHosting {
  const dataClass = cluster.platform === "existing" ? cluster.storageClass : DATA_STORAGE_CLASS;
  // The Cluster installs Velero where the program makes its storage: AKS and GKE.
  const velero = addons.velero !== undefined && cluster.platform !== "existing";
  return {
    placement: clusterPlacement(cluster),
    ...(dataClass !== undefined ? { dataStorageClass: dataClass } : {}),
    files: fileStorage(cluster),
    addons: {
      edgeReady: [],
      issuer: { name: issuerName(addons.issuer), ready: [] },
      ...(velero
        ? {
            backups: {
              ready: [],
              moveData: VELERO_MOVES_DATA[cluster.platform],
              sources: new Map(restoreSources.map((region) => [region, []])),
            },
          }
        : {}),
    },
  };
}
