import { GlobalDns } from "../components/global";
import type { GlobalSpec } from "../stacks";

/** The global stack of an environment: its DNS; returns its outputs. */
export function globalStack(spec: GlobalSpec) {
  const dns = new GlobalDns("dns", { spec });
  return {
    environment: spec.environment,
    /** Per tenant: its host and the regional host (its home region's) it points at. */
    routes: dns.routes,
  };
}
