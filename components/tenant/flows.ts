import type { TenantSpec } from "../../stacks/spec";
import type { Flow } from "../../verify/reachability";
import { EDGE_PROXY } from "../cluster/gateway";
import { CLUSTER_DNS } from "../cluster/system-pods";
import { COMPONENTS, DATABASE_CLIENTS, DATABASE_PORT, OBJECT_NAMES, WEB_PORT } from "./application";

/**
 * Every connection a tenant's application needs, stated apart from the policies that allow them,
 * so `npm run verify` can prove the policies allow these and nothing else. Written on the
 * tenant's namespace (annotation `tenancy.dev/allowed-flows`).
 */
export function applicationFlows(tenant: Pick<TenantSpec, "namespace" | "egress">): Flow[] {
  const at = (workload: string): string => `${tenant.namespace}/${workload}`;
  const proxies = `${EDGE_PROXY.namespace}/${EDGE_PROXY.workload}`;
  const dns = `${CLUSTER_DNS.namespace}/${CLUSTER_DNS.workload}`;
  const resolving = COMPONENTS.map((component) => OBJECT_NAMES[component]);
  const clients = DATABASE_CLIENTS.map((component) => at(OBJECT_NAMES[component]));
  return [
    { from: proxies, to: at(OBJECT_NAMES.web), port: `TCP/${String(WEB_PORT)}` },
    ...clients.map((from) => ({
      from,
      to: at(OBJECT_NAMES.database),
      port: `TCP/${String(DATABASE_PORT)}`,
    })),
    ...resolving.flatMap((workload) =>
      CLUSTER_DNS.ports.map((p) => ({
        from: at(workload),
        to: dns,
        port: `${p.protocol}/${String(p.port)}`,
      })),
    ),
    // The tenant's egress rule names no port: every port of every protocol.
    ...clients.flatMap((from) =>
      tenant.egress.flatMap((block) =>
        ["TCP/*", "UDP/*"].map((port) => ({ from, to: `external/${block.cidr}`, port })),
      ),
    ),
  ];
}
