import type { RecordedResource } from "./mock-runtime";
import { isKubernetesObject } from "./write";

/** report.md: what the stack would create, in numbers a reviewer can check at a glance. */

const TENANT_TYPE = "tenancy:tenant:Tenant";

/** The Tenant component each resource belongs to (by its parent chain), keyed by resource URN. */
export function tenantOf(resources: readonly RecordedResource[]): Map<string, string> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const owners = new Map<string, string>();
  for (const resource of resources) {
    let current: RecordedResource | undefined = resource;
    while (current !== undefined && current.type !== TENANT_TYPE) {
      current = current.parent === null ? undefined : byUrn.get(current.parent);
    }
    if (current !== undefined) owners.set(resource.urn, current.name);
  }
  return owners;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
}

export interface ReportInput {
  readonly stack: string;
  readonly resources: readonly RecordedResource[];
  /** The stack outputs; `tenants` and `warnings` are read from them. */
  readonly outputs: Record<string, unknown>;
}

interface ClusterOutput {
  readonly platform?: string;
  readonly upgrades?: { readonly kubernetes?: string; readonly nodeImages?: string };
  readonly addons?: Record<string, string>;
}

/** Who upgrades the cluster, and the chart version of each add-on the stack installs. */
function clusterSection(output: unknown): string[] {
  if (typeof output !== "object" || output === null) return [];
  const cluster = output as ClusterOutput;
  const upgrades = cluster.upgrades ?? {
    kubernetes: "the cluster's owner (an existing cluster)",
    nodeImages: "the cluster's owner (an existing cluster)",
  };
  const addons = Object.entries(cluster.addons ?? {});
  return [
    "## Cluster",
    "",
    "| what | who or which |",
    "|---|---|",
    `| Kubernetes upgrades | ${upgrades.kubernetes ?? ""} |`,
    `| node image upgrades | ${upgrades.nodeImages ?? ""} |`,
    ...addons.map(([addon, version]) => `| add-on ${addon} | chart ${version} |`),
    "",
  ];
}

export function renderReport({ stack, resources, outputs }: ReportInput): string {
  const warnings = Array.isArray(outputs.warnings) ? outputs.warnings.map(String) : [];
  const kubernetes = resources.filter(isKubernetesObject);
  const owners = tenantOf(resources);
  const tenants = resources.filter((r) => r.type === TENANT_TYPE).map((r) => r.name);
  const urls = (outputs.tenants ?? {}) as Record<string, { url?: string }>;
  const lines = [
    `# Render of stack \`${stack}\``,
    "",
    `${resources.length} resources, ${kubernetes.length} Kubernetes objects, ${tenants.length} tenants.`,
    "",
  ];
  if (warnings.length > 0) lines.push("## Warnings", "", ...warnings.map((w) => `- ${w}`), "");
  lines.push(...clusterSection(outputs.cluster));
  lines.push("## Resources by type", "", "| type | count |", "|---|---|");
  lines.push(...countBy(resources, (r) => r.type).map(([type, n]) => `| \`${type}\` | ${n} |`), "");
  const routes = (outputs.routes ?? {}) as Record<string, { host?: string; target?: string }>;
  if (Object.keys(routes).length > 0) {
    lines.push("## DNS", "", "| tenant | host | points at |", "|---|---|---|");
    for (const [tenant, route] of Object.entries(routes)) {
      lines.push(`| ${tenant} | ${route.host ?? ""} | ${route.target ?? ""} |`);
    }
    lines.push("");
  }
  if (tenants.length === 0) return lines.join("\n");
  lines.push(
    "## Tenants",
    "",
    "Protected resources stop `pulumi up` from deleting them until the tenant is marked `decommission: true`.",
    "",
    "| tenant | url | Kubernetes objects | by kind | protected |",
    "|---|---|---|---|---|",
  );
  const byTenant = new Map<string, RecordedResource[]>();
  for (const resource of resources) {
    const owner = owners.get(resource.urn);
    if (owner === undefined) continue;
    const owned = byTenant.get(owner);
    if (owned === undefined) byTenant.set(owner, [resource]);
    else owned.push(resource);
  }
  for (const tenant of tenants) {
    const owned = byTenant.get(tenant) ?? [];
    const objects = owned.filter(isKubernetesObject);
    const kinds = countBy(objects, (r) => String(r.inputs.kind)).map(([kind, n]) => `${kind} ${n}`);
    const guarded = owned
      .filter((r) => r.protect === true)
      .map((r) => r.name.slice(tenant.length + 1));
    lines.push(
      `| ${tenant} | ${urls[tenant]?.url ?? ""} | ${objects.length} | ${kinds.join(", ")} | ${guarded.join(", ") || "none"} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
