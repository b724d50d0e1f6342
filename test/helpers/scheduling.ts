import type { Placement } from "../../components/cluster/placement";

/** A node as the scheduler sees it: its labels and taints. */
export interface SchedulableNode {
  readonly labels: Record<string, string>;
  readonly taints: readonly { key: string; value?: string; effect: string }[];
}

/** Kubernetes scheduling: every selector label matches and every NoSchedule/NoExecute taint is tolerated. */
export function canSchedule(placement: Placement, node: SchedulableNode): boolean {
  const selected = Object.entries(placement.nodeSelector).every(([k, v]) => node.labels[k] === v);
  const tolerated = node.taints
    .filter((t) => t.effect !== "PreferNoSchedule")
    .every((t) =>
      placement.tolerations.some(
        (tol) =>
          tol.key === t.key &&
          tol.effect === t.effect &&
          (tol.operator === "Exists" || tol.value === t.value),
      ),
    );
  return selected && tolerated;
}
