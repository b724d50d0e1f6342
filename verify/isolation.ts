import { ALLOWED, TENANT_LABEL } from "../components/labels";
import type { Inventory } from "./inventory";
import {
  flowsByNamespace,
  namespaceOfEnd,
  sortFlows,
  unpolicedWorkload,
  type Flow,
} from "./reachability";

/**
 * Judging flows against tenancy: none may cross from one tenant's namespace to another's, and
 * each tenant's flows must be exactly the set its namespace declares (annotation
 * `tenancy.dev/allowed-flows`), no more (a hole) and no fewer (a broken application).
 */

export type ViolationKind =
  | "cross-tenant"
  | "undeclared"
  | "blocked"
  | "no-declaration"
  /** A listener a tenant's route may attach to is open to more than that tenant (verify/gateway.ts). */
  | "shared-listener"
  /** A tenant's route names a host it does not own, a wildcard, or no host. */
  | "unattached-route"
  /** An HTTPS listener without a certificate for its host. */
  | "no-certificate"
  /** A tenant's route sends traffic to a backend outside its namespace, or not a Service. */
  | "foreign-backend"
  /** A request a tenant's admins could make that breaks isolation, stopped by no layer. */
  | "adversary";

export interface Violation {
  readonly kind: ViolationKind;
  /** The tenant whose namespace the violation concerns. */
  readonly tenant: string;
  readonly flow?: Flow;
  readonly message: string;
}

const describe = (flow: Flow): string => `${flow.from} → ${flow.to} ${flow.port}`;
const flowKey = (flow: Flow): string => `${flow.from} ${flow.to} ${flow.port}`;

/** Tenant of each tenant namespace, by the label every tenant namespace carries. */
export function tenantNamespaces(inventory: Inventory): Map<string, string> {
  const tenants = new Map<string, string>();
  for (const namespace of inventory.namespaces.values()) {
    const tenant = namespace.labels[TENANT_LABEL];
    if (tenant !== undefined) tenants.set(namespace.name, tenant);
  }
  return tenants;
}

/** The flows a namespace declares, or why they cannot be read. */
export function declaredFlows(annotation: string | undefined): Flow[] | string {
  if (annotation === undefined) return `has no ${ALLOWED.flows} annotation`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotation);
  } catch {
    return `${ALLOWED.flows} is not JSON`;
  }
  const isFlow = (value: unknown): value is Flow =>
    typeof value === "object" &&
    value !== null &&
    ["from", "to", "port"].every((k) => typeof (value as Record<string, unknown>)[k] === "string");
  if (!Array.isArray(parsed) || !parsed.every(isFlow)) {
    return `${ALLOWED.flows} must be a JSON array of {from, to, port}`;
  }
  return sortFlows(parsed.map(({ from, to, port }) => ({ from, to, port })));
}

/** Workloads (`<namespace>/<name>`) on nodes where the platform enforces no NetworkPolicy. */
export function unpolicedWorkloads(inventory: Inventory): string[] {
  return inventory.workloads.filter((w) => unpolicedWorkload(inventory, w)).map((w) => w.id);
}

export function isolationViolations(inventory: Inventory, flows: readonly Flow[]): Violation[] {
  const tenants = tenantNamespaces(inventory);
  // Flows of pods nothing polices are the platform's documented gap, listed apart (the verdict's
  // `unpoliced`); only those reaching another tenant are violations.
  const unpoliced = new Set(unpolicedWorkloads(inventory));
  const violations: Violation[] = [];
  const crossing = new Set<string>();
  for (const flow of flows) {
    const source = tenants.get(namespaceOfEnd(flow.from));
    const destination = tenants.get(namespaceOfEnd(flow.to));
    if (source !== undefined && destination !== undefined && source !== destination) {
      crossing.add(flowKey(flow));
      violations.push({
        kind: "cross-tenant",
        tenant: destination,
        flow,
        message: `tenant ${source} reaches tenant ${destination}: ${describe(flow)}`,
      });
    }
  }
  const byNamespace = flowsByNamespace(flows);
  for (const [namespace, tenant] of [...tenants].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const touching = (byNamespace.get(namespace) ?? []).filter((f) => !crossing.has(flowKey(f)));
    const declared = declaredFlows(inventory.namespaces.get(namespace)?.annotations[ALLOWED.flows]);
    if (typeof declared === "string") {
      violations.push({
        kind: "no-declaration",
        tenant,
        message: `namespace ${namespace} ${declared}, so its ${touching.length} flows cannot be judged`,
      });
      continue;
    }
    const declaredKeys = new Set(declared.map(flowKey));
    const actualKeys = new Set(touching.map(flowKey));
    const open = (f: Flow): boolean => unpoliced.has(f.from) || unpoliced.has(f.to);
    for (const flow of touching.filter((f) => !declaredKeys.has(flowKey(f)) && !open(f))) {
      violations.push({
        kind: "undeclared",
        tenant,
        flow,
        message: `${describe(flow)} is allowed but tenant ${tenant} does not declare it`,
      });
    }
    // A flow on every port of a protocol (`TCP/*`) carries each of its ports.
    const everyPort = (f: Flow): Flow => ({ ...f, port: f.port.replace(/\/.*$/, "/*") });
    const carried = (f: Flow): boolean =>
      actualKeys.has(flowKey(f)) || actualKeys.has(flowKey(everyPort(f)));
    for (const flow of declared.filter((f) => !carried(f))) {
      violations.push({
        kind: "blocked",
        tenant,
        flow,
        message: `${describe(flow)} is declared by tenant ${tenant} but the policies block it`,
      });
    }
  }
  return violations;
}
