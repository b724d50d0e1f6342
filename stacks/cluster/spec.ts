import type { AksClusterSettings } from "./aks";
import type { ExistingClusterSettings } from "./existing";
import type { GkeClusterSettings } from "./gke";

/** The cluster settings of a valid stack, by platform, defaults applied. */
export type ClusterSpec =
  | ({ readonly platform: "aks" } & AksClusterSettings)
  | ({ readonly platform: "gke" } & GkeClusterSettings)
  | ({ readonly platform: "existing" } & ExistingClusterSettings);
