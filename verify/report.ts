import { adversary, type AttemptResult } from "./adversary";
import { edgeVerdict, type EdgePath } from "./gateway";
import { runGuardrails, type GuardrailResult } from "./guardrails";
import { inventoryOf, type KubernetesObject } from "./inventory";
import {
  isolationViolations,
  tenantNamespaces,
  unpolicedWorkloads,
  type Violation,
} from "./isolation";
import { flowsByNamespace, namespaceOfEnd, reachability, type Flow } from "./reachability";

/** The whole verdict over a set of objects, and its human forms: a table and a diagram. */

export interface Verdict {
  /** Namespace → tenant, for every tenant namespace among the objects. */
  readonly tenants: Readonly<Record<string, string>>;
  readonly flows: readonly Flow[];
  /** How each tenant's hosts reach its pods: host → listener → route → Service → pods. */
  readonly edge: readonly EdgePath[];
  /** Workloads on nodes where the platform enforces no NetworkPolicy: open to every flow. */
  readonly unpoliced: readonly string[];
  /** What each tenant's admins tried (verify/adversary/), and what stopped it. */
  readonly adversary: readonly AttemptResult[];
  readonly violations: readonly Violation[];
  readonly guardrails: readonly GuardrailResult[];
}

export function verify(objects: readonly KubernetesObject[]): Verdict {
  const inventory = inventoryOf(objects);
  const flows = reachability(inventory);
  const tenants = tenantNamespaces(inventory);
  const edge = edgeVerdict(inventory, tenants);
  const attempts = adversary(inventory, tenants);
  return {
    tenants: Object.fromEntries(tenants),
    flows,
    edge: edge.paths,
    unpoliced: unpolicedWorkloads(inventory),
    adversary: attempts.results,
    violations: [
      ...isolationViolations(inventory, flows),
      ...edge.violations,
      ...attempts.violations,
    ],
    guardrails: runGuardrails(inventory),
  };
}

/** Whether a pipeline should stop: a violation or a failed guardrail. */
export const verdictFails = (verdict: Verdict): boolean =>
  verdict.violations.length > 0 || verdict.guardrails.some((g) => !g.passed);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** What `npm run verify` writes to stderr. */
export function verdictText(verdict: Verdict): string {
  const failed = verdict.guardrails.filter((g) => !g.passed);
  return [
    ...table(
      ["from", "to", "port"],
      verdict.flows.map((f) => [f.from, f.to, f.port]),
    ),
    "",
    `${verdict.flows.length} flows, ${verdict.violations.length} violations, ` +
      `${verdict.guardrails.length - failed.length}/${verdict.guardrails.length} guardrails pass`,
    ...verdict.violations.map((v) => `VIOLATION ${v.kind}: ${v.message}`),
    ...failed.flatMap((g) => g.findings.map((f) => `GUARDRAIL ${g.id}: ${f.object} ${f.message}`)),
    "",
  ].join("\n");
}

/** A markdown matrix: rows are sources, columns destinations, each cell the ports. */
function matrix(flows: readonly Flow[]): string[] {
  const sources = [...new Set(flows.map((f) => f.from))].sort();
  const destinations = [...new Set(flows.map((f) => f.to))].sort();
  const cell = (from: string, to: string): string =>
    flows
      .filter((f) => f.from === from && f.to === to)
      .map((f) => f.port)
      .join(" ") || "·";
  return [
    `| from \\ to | ${destinations.map((d) => `\`${d}\``).join(" | ")} |`,
    `|---|${destinations.map(() => "---|").join("")}`,
    ...sources.map((s) => `| \`${s}\` | ${destinations.map((d) => cell(s, d)).join(" | ")} |`),
  ];
}

/** Beyond this many tenants, flows between tenants are listed pair by pair, not as a matrix. */
const MATRIX_TENANTS = 12;

/** The pairs of different tenants' namespaces with flows between them: none when isolated. */
function crossingPairs(
  pairCounts: ReadonlyMap<string, number>,
  tenants: ReadonlyMap<string, string>,
): string[] {
  const crossing = [...pairCounts].filter(([key]) => {
    const [from = "", to = ""] = key.split(" ");
    return tenants.has(from) && tenants.has(to) && from !== to;
  });
  if (crossing.length === 0)
    return [`None between any two of the ${String(tenants.size)} tenants.`];
  return [
    "| from | to | flows |",
    "|---|---|---|",
    ...crossing.map(([key, n]) => `| ${key.split(" ").join(" | ")} | ${String(n)} |`),
  ];
}

/** Tenants' diagrams beyond this many are left to the matrices, which list every tenant. */
const DIAGRAM_TENANTS = 10;

/**
 * Markdown for report.md: flows between tenants (a tenant-by-tenant count that must be empty
 * off the diagonal), each tenant's reachability matrix, the guardrail results and a Mermaid
 * diagram of the allowed flows.
 */
export function verdictMarkdown(verdict: Verdict): string {
  const tenants = new Map(Object.entries(verdict.tenants));
  const namespaces = [...tenants.keys()].sort();
  const byNamespace = flowsByNamespace(verdict.flows);
  const touching = (namespace: string): Flow[] => byNamespace.get(namespace) ?? [];
  const pairCounts = new Map<string, number>();
  for (const f of verdict.flows) {
    const key = `${namespaceOfEnd(f.from)} ${namespaceOfEnd(f.to)}`;
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
  }
  const between = (from: string, to: string): number => pairCounts.get(`${from} ${to}`) ?? 0;
  const drawn = new Set(namespaces.slice(0, DIAGRAM_TENANTS));
  const lines = [
    "## Isolation",
    "",
    verdict.violations.length === 0
      ? "No flow crosses tenants; every tenant's flows are exactly those its application declares."
      : `${verdict.violations.length} violations:`,
    "",
    ...(verdict.unpoliced.length > 0
      ? [
          `**Unpoliced:** the platform documents no NetworkPolicy enforcement where ${String(verdict.unpoliced.length)} workloads run (${verdict.unpoliced.slice(0, 12).join(", ")}${verdict.unpoliced.length > 12 ? ", …" : ""}): every flow into and out of them is open, and only flows reaching another tenant count as violations.`,
          "",
        ]
      : []),
    ...verdict.violations.map((v) => `- **${v.kind}**: ${v.message}`),
    ...(verdict.violations.length > 0 ? [""] : []),
    "### Flows between tenant namespaces",
    "",
    ...(namespaces.length <= MATRIX_TENANTS
      ? [
          `| from \\ to | ${namespaces.join(" | ")} |`,
          `|---|${namespaces.map(() => "---|").join("")}`,
          ...namespaces.map(
            (from) =>
              `| ${from} | ${namespaces.map((to) => String(between(from, to) || "·")).join(" | ")} |`,
          ),
        ]
      : crossingPairs(pairCounts, tenants)),
    "",
    ...namespaces.flatMap((namespace) => [
      `### Reachability: tenant ${tenants.get(namespace) ?? namespace}`,
      "",
      ...matrix(touching(namespace)),
      "",
    ]),
    ...edgeMarkdown(verdict.edge, tenants.size),
    ...adversaryMarkdown(verdict.adversary),
    "### Guardrails",
    "",
    "| rule | controls | result |",
    "|---|---|---|",
    ...verdict.guardrails.map(
      (g) =>
        `| ${g.title} | ${g.controls.join("; ")} | ${g.passed ? "pass" : `**fail**: ${g.findings.map((f) => `${f.object} ${f.message}`).join("; ")}`} |`,
    ),
    "",
    "### Allowed flows",
    "",
    ...(namespaces.length > drawn.size
      ? [
          `The first ${String(drawn.size)} of ${String(namespaces.length)} tenants; the matrices above list all.`,
          "",
        ]
      : []),
    "```mermaid",
    ...mermaid(
      verdict.flows.filter((f) =>
        [f.from, f.to].every(
          (id) => !tenants.has(namespaceOfEnd(id)) || drawn.has(namespaceOfEnd(id)),
        ),
      ),
      tenants,
    ),
    "```",
    "",
  ];
  return lines.join("\n");
}

/** Each attempt of the tenants' admins with what stopped it, once for all tenants alike. */
function adversaryMarkdown(results: readonly AttemptResult[]): string[] {
  const byAttempt = new Map<string, { title: string; stops: Set<string> }>();
  for (const r of results) {
    const entry = byAttempt.get(r.attempt) ?? { title: r.title, stops: new Set<string>() };
    entry.stops.add(r.stoppedBy ?? "**nothing**");
    byAttempt.set(r.attempt, entry);
  }
  if (byAttempt.size === 0) return [];
  return [
    "### What a tenant's admins may try, and what stops it",
    "",
    "| attempt | stopped by |",
    "|---|---|",
    ...[...byAttempt.values()].map((e) => `| ${e.title} | ${[...e.stops].sort().join(", ")} |`),
    "",
  ];
}

/** Each tenant's way in, hop by hop; beyond a dozen tenants, isolation.json holds the list. */
function edgeMarkdown(paths: readonly EdgePath[], tenantCount: number): string[] {
  const heading = ["### The edge: host → listener → route → Service → pods", ""];
  if (tenantCount > MATRIX_TENANTS) {
    return [
      ...heading,
      `${String(paths.length)} paths for ${String(tenantCount)} tenants; \`isolation.json\` lists each.`,
      "",
    ];
  }
  return [
    ...heading,
    "| tenant | host | listener | route | Service | pods |",
    "|---|---|---|---|---|---|",
    ...paths.map(
      (p) =>
        `| ${p.tenant} | ${p.host} | \`${p.listener}\` | \`${p.route}\` | \`${p.service}\` | ${p.pods.map((w) => `\`${w}\``).join(", ")} |`,
    ),
    "",
  ];
}

/** A flowchart with one subgraph per namespace; edges labelled with their ports. */
export function mermaid(flows: readonly Flow[], tenants: ReadonlyMap<string, string>): string[] {
  const node = (id: string): string => id.replace(/[^A-Za-z0-9]/g, "_");
  const groups = new Map<string, Set<string>>();
  for (const id of flows.flatMap((f) => [f.from, f.to])) {
    const group = namespaceOfEnd(id);
    groups.set(group, (groups.get(group) ?? new Set()).add(id));
  }
  const lines = ["flowchart LR"];
  for (const [group, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tenant = tenants.get(group);
    const title = tenant !== undefined ? `tenant ${tenant}` : group;
    lines.push(`  subgraph ${node(`ns/${group}`)}["${title}"]`);
    for (const id of [...members].sort()) {
      lines.push(`    ${node(id)}["${id.slice(group.length + 1)}"]`);
    }
    lines.push("  end");
  }
  const edges = new Map<string, string[]>();
  for (const f of flows) {
    const key = `${node(f.from)} -->|PORTS| ${node(f.to)}`;
    edges.set(key, [...(edges.get(key) ?? []), f.port]);
  }
  for (const [edge, ports] of edges) lines.push(`  ${edge.replace("PORTS", ports.join(" "))}`);
  return lines;
}
