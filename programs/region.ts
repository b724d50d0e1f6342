import type { StackSecrets, StackSpec } from "../stacks";
import { buildCluster } from "./cluster";
import { buildTenants } from "./tenants";

/** A region stack: its cluster and the tenants at home or on standby there; returns its outputs. */
export async function regionStack(spec: StackSpec, secrets: StackSecrets) {
  const cluster = buildCluster(spec, secrets);
  const { component } = cluster;
  const tenants = await buildTenants(spec, secrets, component, component.provider);
  return {
    ...cluster.outputs,
    warnings: [...cluster.warnings, ...tenants.warnings],
    tenants: tenants.tenants,
  };
}
