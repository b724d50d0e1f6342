import { NAMESPACE_NAME_LABEL } from "../components/labels";
import type { Inventory, KubernetesObject } from "./inventory";
import type { Violation } from "./isolation";
import { matchesSelector, type LabelSelector } from "./selectors";

/**
 * The edge, judged by Gateway API semantics over Gateways, ListenerSets, HTTPRoutes and
 * Certificates: which listener each route attaches to, and whether a hostname can be claimed by
 * anyone but its tenant. Rules:
 * - a Gateway takes ListenerSets from its own namespace only (`allowedListeners`), and a
 *   ListenerSet's listeners count only on a Gateway that takes it;
 * - a listener open to a tenant's namespace is open to that namespace only, chosen by
 *   `kubernetes.io/metadata.name` (which only the API server sets), and serves a hostname; a
 *   listener open to namespaces by any other label, or to all, fails whoever it serves;
 * - a tenant's route names only hostnames of listeners open to its own namespace: no other
 *   tenant's host, no wildcard, not none at all; and sends only to Services of its namespace;
 * - every HTTPS listener presents a certificate that a Certificate writes for its hostname.
 * Pure; no Pulumi import.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */

/** One hop chain a reviewer reads: host → listener → route → Service → pods. */
export interface EdgePath {
  readonly tenant: string;
  readonly host: string;
  /** `<namespace>/<ListenerSet or Gateway>/<listener>`. */
  readonly listener: string;
  /** `<namespace>/<HTTPRoute>`. */
  readonly route: string;
  readonly service: string;
  /** Workloads whose pods the Service selects, as flows name them. */
  readonly pods: readonly string[];
}

interface Listener {
  readonly id: string;
  readonly namespace: string;
  readonly parent: { readonly kind: string; readonly name: string };
  readonly name: string;
  readonly hostname?: string;
  readonly protocol: string;
  readonly allowedRoutes?: { namespaces?: { from?: string; selector?: LabelSelector } };
  readonly certificateRefs: readonly string[];
}

interface ListenerSpec {
  name?: string;
  hostname?: string;
  protocol?: string;
  allowedRoutes?: Listener["allowedRoutes"];
  tls?: { certificateRefs?: { name?: string; namespace?: string }[] };
}

interface RouteSpec {
  parentRefs?: { kind?: string; name?: string; namespace?: string; sectionName?: string }[];
  hostnames?: string[];
  rules?: { backendRefs?: { kind?: string; name?: string; namespace?: string }[] }[];
}

const of = (o: KubernetesObject) => ({
  namespace: o.metadata?.namespace ?? "default",
  name: o.metadata?.name ?? "",
});

interface GatewaySpec {
  allowedListeners?: { namespaces?: { from?: string } };
}

/** Whether a ListenerSet's listeners are on a Gateway: its parent exists and takes it. */
function accepted(set: KubernetesObject, gateways: readonly KubernetesObject[]): boolean {
  const parent = (set.spec as { parentRef?: { name?: string; namespace?: string } } | undefined)
    ?.parentRef;
  const namespace = parent?.namespace ?? of(set).namespace;
  const gateway = gateways.find(
    (g) => of(g).name === parent?.name && of(g).namespace === namespace,
  );
  const from = (gateway?.spec as GatewaySpec | undefined)?.allowedListeners?.namespaces?.from;
  if (gateway === undefined || from === undefined || from === "None") return false;
  return from !== "Same" || namespace === of(set).namespace;
}

function listenersOf(objects: readonly KubernetesObject[]): Listener[] {
  const gateways = objects.filter((o) => o.kind === "Gateway");
  return objects
    .filter((o) => o.kind === "Gateway" || (o.kind === "ListenerSet" && accepted(o, gateways)))
    .flatMap((o) => {
      const { namespace, name } = of(o);
      const listeners = (o.spec as { listeners?: ListenerSpec[] } | undefined)?.listeners ?? [];
      return listeners.map((l) => ({
        id: `${namespace}/${name}/${l.name ?? ""}`,
        namespace,
        parent: { kind: o.kind ?? "", name },
        name: l.name ?? "",
        ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
        protocol: l.protocol ?? "",
        ...(l.allowedRoutes !== undefined ? { allowedRoutes: l.allowedRoutes } : {}),
        certificateRefs: (l.tls?.certificateRefs ?? [])
          .filter((ref) => (ref.namespace ?? namespace) === namespace)
          .map((ref) => ref.name ?? ""),
      }));
    });
}

/**
 * The namespaces a listener admits routes from: a list, or "forgeable" when a namespace could
 * join by labels it sets or by being any namespace at all.
 */
function admitted(listener: Listener, namespaces: readonly string[]): string[] | "forgeable" {
  const from = listener.allowedRoutes?.namespaces?.from ?? "Same";
  switch (from) {
    case "Same":
      return [listener.namespace];
    case "Selector": {
      // Only the namespace's name, which the API server sets, cannot be forged by a tenant.
      const selector = listener.allowedRoutes?.namespaces?.selector ?? {};
      const keys = [
        ...Object.keys(selector.matchLabels ?? {}),
        ...(selector.matchExpressions ?? []).map((e) => e.key),
      ];
      if (keys.length === 0 || keys.some((key) => key !== NAMESPACE_NAME_LABEL)) return "forgeable";
      return namespaces.filter((n) => matchesSelector(selector, { [NAMESPACE_NAME_LABEL]: n }));
    }
    default:
      return "forgeable";
  }
}

/** Whether `hostname` of a route is served by a listener's hostname (exact, or its wildcard). */
function serves(listenerHost: string | undefined, routeHost: string): boolean {
  if (listenerHost === undefined) return true;
  if (listenerHost.startsWith("*.")) return routeHost.endsWith(listenerHost.slice(1));
  return listenerHost === routeHost;
}

export interface EdgeVerdict {
  readonly paths: readonly EdgePath[];
  readonly violations: readonly Violation[];
}

export function edgeVerdict(
  inventory: Inventory,
  tenants: ReadonlyMap<string, string>,
): EdgeVerdict {
  const objects = inventory.objects;
  const namespaces = [...inventory.namespaces.keys()];
  const listeners = listenersOf(objects);
  const violations: Violation[] = [];
  const opens = new Map<string, readonly string[]>();

  for (const gateway of objects.filter((o) => o.kind === "Gateway")) {
    const from = (gateway.spec as GatewaySpec | undefined)?.allowedListeners?.namespaces?.from;
    if (from !== undefined && from !== "Same" && from !== "None") {
      violations.push({
        kind: "shared-listener",
        tenant: "(platform)",
        message: `Gateway ${of(gateway).namespace}/${of(gateway).name} takes ListenerSets from namespaces other than its own (allowedListeners from: ${from}), where tenants could add listeners for any host: allow Same only`,
      });
    }
  }

  // Every listener serves hosts: one without a hostname serves them all.
  for (const listener of listeners) {
    const reach = admitted(listener, namespaces);
    const tenantNamespaces = reach === "forgeable" ? [] : reach.filter((n) => tenants.has(n));
    if (reach === "forgeable") {
      violations.push({
        kind: "shared-listener",
        tenant: "(platform)",
        message: `listener ${listener.id} admits routes from namespaces chosen by labels tenants can set, or from any namespace: select one tenant namespace by ${NAMESPACE_NAME_LABEL}`,
      });
    } else if (tenantNamespaces.length > 1) {
      violations.push({
        kind: "shared-listener",
        tenant: tenants.get(tenantNamespaces[0] ?? "") ?? "",
        message: `listener ${listener.id} admits routes from ${String(tenantNamespaces.length)} tenants (${tenantNamespaces.join(", ")}): one tenant per listener`,
      });
    } else if (tenantNamespaces.length === 1 && listener.hostname === undefined) {
      violations.push({
        kind: "shared-listener",
        tenant: tenants.get(tenantNamespaces[0] ?? "") ?? "",
        message: `listener ${listener.id} is open to tenant namespace ${tenantNamespaces[0] ?? ""} without a hostname: the tenant could claim any host`,
      });
    }
    // A forgeable listener is judged at its worst: open to every namespace.
    opens.set(listener.id, reach === "forgeable" ? namespaces : reach);
  }

  const certificates = objects.filter((o) => o.kind === "Certificate");
  for (const listener of listeners.filter((l) => l.protocol === "HTTPS")) {
    const covered = certificates.some((c) => {
      const spec = c.spec as { secretName?: string; dnsNames?: string[] } | undefined;
      return (
        of(c).namespace === listener.namespace &&
        listener.certificateRefs.includes(spec?.secretName ?? "") &&
        (spec?.dnsNames ?? []).includes(listener.hostname ?? "")
      );
    });
    if (!covered) {
      violations.push({
        kind: "no-certificate",
        tenant: "(platform)",
        message: `HTTPS listener ${listener.id} for ${listener.hostname ?? "no hostname"} presents no certificate that a Certificate writes for its host`,
      });
    }
  }

  const paths: EdgePath[] = [];
  for (const route of objects.filter((o) => o.kind === "HTTPRoute")) {
    const { namespace, name } = of(route);
    const tenant = tenants.get(namespace);
    if (tenant === undefined) continue;
    const spec = (route.spec ?? {}) as RouteSpec;
    const id = `${namespace}/${name}`;
    const hosts = spec.hostnames ?? [];
    const refuse = (reason: string): void =>
      void violations.push({
        kind: "unattached-route",
        tenant,
        message: `route ${id} is not attached: ${reason}`,
      });
    if (hosts.length === 0) {
      refuse(
        "it names no hostname, so it would take every host of its listeners; name the tenant's hosts",
      );
      continue;
    }
    const parents = (spec.parentRefs ?? []).flatMap((ref) =>
      listeners.filter(
        (l) =>
          l.parent.kind === (ref.kind ?? "Gateway") &&
          l.parent.name === ref.name &&
          l.namespace === (ref.namespace ?? namespace) &&
          (ref.sectionName === undefined || ref.sectionName === l.name) &&
          (opens.get(l.id) ?? []).includes(namespace),
      ),
    );
    for (const host of hosts) {
      if (host.includes("*")) {
        refuse(`${host} is a wildcard; routes name exact hosts of their tenant`);
        continue;
      }
      const listener = parents.find((l) => serves(l.hostname, host));
      if (listener === undefined) {
        const owner = listeners.find((l) => l.hostname === host);
        const owners = owner ? (opens.get(owner.id) ?? []) : [];
        refuse(
          owner && !owners.includes(namespace)
            ? `${host} belongs to ${owners.map((n) => tenants.get(n) ?? n).join(", ") || "the platform"}, whose listener does not admit namespace ${namespace}`
            : `no listener open to namespace ${namespace} serves ${host}`,
        );
        continue;
      }
      for (const backend of (spec.rules ?? []).flatMap((r) => r.backendRefs ?? [])) {
        const service = `${backend.namespace ?? namespace}/${backend.name ?? ""}`;
        if (
          (backend.namespace ?? namespace) !== namespace ||
          (backend.kind ?? "Service") !== "Service"
        ) {
          violations.push({
            kind: "foreign-backend",
            tenant,
            message: `route ${id} sends ${host} to ${backend.kind ?? "Service"} ${service}, outside its namespace or not a Service: a tenant's routes reach its own Services only`,
          });
          continue;
        }
        paths.push({
          tenant,
          host,
          listener: listener.id,
          route: id,
          service,
          pods: selectedWorkloads(inventory, backend.namespace ?? namespace, backend.name ?? ""),
        });
      }
    }
  }
  return { paths: sortPaths(paths), violations };
}

/** Workloads in `namespace` whose pods the Service `name` selects. */
function selectedWorkloads(inventory: Inventory, namespace: string, name: string): string[] {
  const service = inventory.objects.find(
    (o) => o.kind === "Service" && of(o).namespace === namespace && of(o).name === name,
  );
  const selector = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (selector === undefined) return [];
  return inventory.workloads
    .filter(
      (w) => w.namespace === namespace && matchesSelector({ matchLabels: selector }, w.labels),
    )
    .map((w) => w.id)
    .sort();
}

const sortPaths = (paths: EdgePath[]): EdgePath[] =>
  paths.sort((a, b) =>
    `${a.tenant} ${a.host} ${a.route}` < `${b.tenant} ${b.host} ${b.route}` ? -1 : 1,
  );
