import { z } from "zod";
import { cidrList, dnsSubdomain } from "../fields/fields";
import {
  ADMISSION_FLOOR,
  admissionFloorProblem,
  compareMinor,
  parseKubernetesVersion,
} from "./kubernetes-versions";
import type { Problem } from "../fields/problems";

/**
 * `tenancy:cluster` for `platform: existing`: a cluster someone else runs, reached through a
 * kubeconfig (secret `tenancy:kubeconfig`) or a context of the ambient kubeconfig.
 */
export const existingClusterSchema = z.strictObject({
  /**
   * The minor version of Kubernetes the cluster runs, e.g. "1.33" (`kubectl version`). No default:
   * the cluster is someone else's, and the admission policies the program installs need 1.31.
   */
  kubernetesVersion: z.string().regex(/^\d+\.\d+$/, {
    message: "write the minor version the cluster runs, such as 1.33 (kubectl version)",
  }),
  /** Context of the kubeconfig to use; @default the kubeconfig's current context. */
  context: z.string().min(1).optional(),
  /**
   * The cluster's own address ranges (pods, Services, nodes), which tenants' egress may never
   * reach; a tenant egress CIDR inside one is refused.
   * @default the private ranges of RFC 1918
   */
  internalRanges: cidrList.default(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]),
  /**
   * StorageClass of tenants' database volumes. Data outlives a tenant only if its reclaim policy
   * is Retain. @default the cluster's default StorageClass
   */
  storageClass: dnsSubdomain.optional(),
  /**
   * Tenants' shared files (mounted by every web pod and the services pod). With ReadWriteOnce
   * a tenant runs one web replica, beside its services pod. @default the cluster's default
   * class, ReadWriteOnce
   */
  files: z
    .strictObject({
      storageClass: dnsSubdomain.optional(),
      accessMode: z.enum(["ReadWriteMany", "ReadWriteOnce"]).default("ReadWriteOnce"),
    })
    .default({ accessMode: "ReadWriteOnce" }),
});

export type ExistingClusterSettings = z.output<typeof existingClusterSchema>;

/** Problems of an existing cluster's settings: a Kubernetes version the program cannot serve. */
export function existingProblems(settings: ExistingClusterSettings): Problem[] {
  const version = parseKubernetesVersion(settings.kubernetesVersion);
  if (version === undefined || compareMinor(version, ADMISSION_FLOOR.version) >= 0) return [];
  return [
    admissionFloorProblem(
      settings.kubernetesVersion,
      "tenancy:cluster.kubernetesVersion",
      "upgrade the cluster first",
    ),
  ];
}
