/**
 * Placement facts: the node selector and tolerations that put a pod on a pool of a given OS.
 * Pure data; tenants copy them into their pod templates.
 */

export type Os = "linux" | "windows";

export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

export interface Placement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export type PlacementFacts = Readonly<Record<Os, Placement>>;

/** The well-known node label every kubelet sets to its OS. */
export const OS_LABEL = "kubernetes.io/os";

/**
 * Taint our AKS and existing-cluster Windows pools carry, since AKS does not taint Windows nodes.
 * @see https://learn.microsoft.com/en-us/azure/aks/windows-faq
 */
export const WINDOWS_TAINT: Toleration = {
  key: "os",
  operator: "Equal",
  value: "windows",
  effect: "NoSchedule",
};

/**
 * Taint GKE puts on every Windows node itself.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/creating-a-cluster-windows
 */
export const GKE_WINDOWS_TAINT: Toleration = {
  key: "node.kubernetes.io/os",
  operator: "Equal",
  value: "windows",
  effect: "NoSchedule",
};

/** Placement on clusters whose Windows pools carry either of the usual Windows taints. */
export function placementFacts(windowsTaints: readonly Toleration[]): PlacementFacts {
  return {
    linux: { nodeSelector: { [OS_LABEL]: "linux" }, tolerations: [] },
    windows: { nodeSelector: { [OS_LABEL]: "windows" }, tolerations: windowsTaints },
  };
}
