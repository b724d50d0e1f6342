import { z } from "zod";

/**
 * `tenancy:cluster` for `platform: existing`: a cluster someone else runs, reached through a
 * kubeconfig (secret `tenancy:kubeconfig`) or a context of the ambient kubeconfig.
 */
export const existingClusterSchema = z.strictObject({
  /** Context of the kubeconfig to use; @default the kubeconfig's current context. */
  context: z.string().min(1).optional(),
});

export type ExistingClusterSettings = z.output<typeof existingClusterSchema>;
