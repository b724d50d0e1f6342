import { z } from "zod";
import { dnsLabel, dnsSubdomain, pulumiOrganization } from "../fields/fields";
import { environmentHostProblems, regionStackProblems } from "./environment";
import { homeRegion, homes } from "../catalog/homes";
import { zoneProblems } from "../fields/dns";
import { keysAt, problemsFromZod, type Problem } from "../fields/problems";
import { NAMESPACE } from "../cluster/stack";
import { parseCatalog } from "../catalog/parse";
import { decodeStructure, type StackInput } from "../fields/input";

/**
 * The `global` stack of an environment (`Pulumi.<environment>-global.yaml`): no cluster, only the
 * DNS that sends each tenant's host to its home region. It reads every region stack's ingress
 * address through a StackReference, so it runs after the region stacks.
 */

const azureDns = z.strictObject({
  provider: z.literal("azure"),
  /** The Azure DNS zone, e.g. `example.com`; the catalog's domain must lie in it. */
  zone: dnsSubdomain,
  /** Resource group of the zone. */
  resourceGroup: z.string().min(1).max(90),
});

const gcpDns = z.strictObject({
  provider: z.literal("gcp"),
  /** DNS name of the Cloud DNS zone, e.g. `example.com`; the catalog's domain must lie in it. */
  zone: dnsSubdomain,
  /** Name of the Cloud DNS managed zone resource. */
  managedZone: dnsLabel,
  project: z.string().min(6).max(30),
});

export const globalSchema = z.strictObject({
  environment: dnsLabel,
  role: z.literal("global"),
  /**
   * Pulumi organization (or user) owning the region stacks: each is read as
   * `<organization>/tenancy/<environment>-<region>`.
   */
  organization: pulumiOrganization,
  dns: z.discriminatedUnion("provider", [azureDns, gcpDns]),
  /** Pulumi.yaml gives every stack this key's default; the global stack has no use for it. */
  allowlist: z.unknown().optional(),
});

export type DnsSettings = z.output<typeof globalSchema>["dns"];

export interface GlobalSpec {
  readonly environment: string;
  readonly organization: string;
  readonly domain: string;
  readonly dns: DnsSettings;
  /** The environment's regions: one stack each, whose outputs this stack reads. */
  readonly regions: readonly string[];
  /** Each tenant's host and the region it points at. */
  readonly tenants: readonly {
    readonly name: string;
    readonly host: string;
    readonly homeRegion: string;
  }[];
}

const PREFIX = `${NAMESPACE}:`;

/** The global stack's validation: its spec, or every problem. */
export type GlobalValidation =
  | { readonly ok: true; readonly role: "global"; readonly spec: GlobalSpec }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function validateGlobalStack(input: StackInput): GlobalValidation {
  const problems: Problem[] = [...(input.fileProblems ?? [])];
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(input.config)) {
    if (!fullKey.startsWith(PREFIX)) continue;
    const key = fullKey.slice(PREFIX.length);
    raw[key] = key === "dns" ? decodeStructure(fullKey, text, problems) : text;
  }
  const parsed = globalSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    problems.push(...problemsFromZod(PREFIX, parsed.error, (s) => keysAt(globalSchema, s)));
  }
  const environment = dnsLabel.safeParse(raw.environment);
  const catalog = environment.success ? parseCatalog(input, environment.data, problems) : undefined;
  if (catalog === undefined) return { ok: false, problems };
  const regions = catalog.regions ?? [];
  if (regions.length === 0) {
    problems.push({
      path: `${catalog.path}: regions`,
      reason: "required by the global stack: list the environment's regions, one stack each",
    });
  }
  // The region stacks' checks of homes and standbys, which do not depend on the region, so a
  // bad home region fails here too.
  const [anyRegion] = regions;
  if (anyRegion !== undefined) {
    problems.push(
      ...homes(regions, catalog.tenants, anyRegion, catalog.domain, catalog.path).problems,
    );
  }
  const tenants = catalog.tenants.map((entry) => ({
    name: entry.name,
    host: entry.host ?? `${entry.name}.${catalog.domain}`,
    homeRegion: homeRegion(regions, entry) ?? "",
  }));
  // Checked whenever the zone itself is valid, so its problems show with every other.
  const dns = globalSchema.shape.dns.safeParse(raw.dns);
  if (dns.success) {
    problems.push(...zoneProblems(dns.data.zone, `${PREFIX}dns.zone`, catalog, tenants));
  }
  const placed = catalog.tenants.map((entry, index) => ({
    name: entry.name,
    host: tenants[index]?.host ?? "",
    regions: [tenants[index]?.homeRegion ?? "", ...entry.standby].filter((r) => r !== ""),
  }));
  problems.push(
    ...environmentHostProblems(
      placed,
      catalog.domain,
      regions,
      dns.success ? dns.data.zone : undefined,
      catalog.path,
    ),
  );
  if (input.stackFiles !== undefined && environment.success) {
    problems.push(
      ...regionStackProblems(environment.data, regions, input.stackFiles, catalog.path),
    );
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const settings = parsed.data;
  return {
    ok: true,
    role: "global",
    spec: {
      environment: settings.environment,
      organization: settings.organization,
      domain: catalog.domain,
      dns: settings.dns,
      regions,
      tenants,
    },
  };
}
