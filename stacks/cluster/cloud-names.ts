import type { Problem } from "../fields/problems";

/**
 * The names the program gives cloud resources derive from the environment and region
 * (`tenancy-<environment>-<region>`, components/cluster/aks.ts and gke.ts); each cloud caps them.
 */

/** The stem of every cloud resource name of a region stack. */
export const cloudBaseName = (environment: string, region: string): string =>
  `tenancy-${environment}-${region}`;

interface NameLimit {
  readonly what: string;
  readonly name: (base: string) => string;
  readonly max: number;
}

/**
 * @see https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsoftcontainerservice (managedClusters: 1–63; read 2026-12-02)
 * @see https://learn.microsoft.com/en-us/azure/aks/create-cluster?tabs=azure-cli (DNS name prefix: 1–54 characters; read 2026-12-02)
 * @see https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster (name: at most 40 characters; read 2026-12-02)
 */
const LIMITS: Readonly<Record<"aks" | "gke", readonly NameLimit[]>> = {
  aks: [
    { what: "AKS cluster name", name: (base) => `aks-${base}`, max: 63 },
    { what: "AKS DNS prefix", name: (base) => base, max: 54 },
  ],
  gke: [{ what: "GKE cluster name", name: (base) => base, max: 40 }],
};

export function cloudNameProblems(
  platform: "aks" | "gke",
  environment: string,
  region: string,
): Problem[] {
  const base = cloudBaseName(environment, region);
  return LIMITS[platform].flatMap(({ what, name, max }) => {
    const full = name(base);
    return full.length <= max
      ? []
      : [
          {
            path: "tenancy:environment",
            reason: `the ${what} "${full}" would be ${String(full.length)} characters, past the ${String(max)} the cloud allows: shorten the environment's name by ${String(full.length - max)}`,
          },
        ];
  });
}
