import { z } from "zod";
import { cidrList, dnsSubdomain } from "./fields";

/**
 * `tenancy:cluster` for `platform: existing`: a cluster someone else runs, reached through a
 * kubeconfig (secret `tenancy:kubeconfig`) or a context of the ambient kubeconfig.
 */
export const existingClusterSchema = z.strictObject({
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
});

export type ExistingClusterSettings = z.output<typeof existingClusterSchema>;
