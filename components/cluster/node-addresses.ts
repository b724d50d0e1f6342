import { MANAGED_BY, TENANT_LABEL } from "../labels";
import type { CustomManifest } from "./edge";

/**
 * A Calico rule that keeps every tenant pod from the node's addresses (the metadata service, the
 * wire server), ahead of every Kubernetes NetworkPolicy (order 10, theirs is 1000): no policy a
 * tenant adds can open them. Traffic this rule does not deny goes on to the tenant's policies.
 * Written to Calico's own CRD, which AKS-managed Calico installs.
 * @see https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
 */
export function calicoNodeAddressPolicy(addresses: readonly string[]): CustomManifest {
  return {
    apiVersion: "crd.projectcalico.org/v1",
    kind: "GlobalNetworkPolicy",
    metadata: { name: "tenancy-node-addresses", labels: { ...MANAGED_BY } },
    spec: {
      order: 10,
      namespaceSelector: `has(${TENANT_LABEL})`,
      selector: "all()",
      types: ["Egress"],
      egress: [{ action: "Deny", destination: { nets: addresses.map((a) => `${a}/32`) } }],
    },
  };
}
