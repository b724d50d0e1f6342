import { z } from "zod";
import { dnsLabel, dnsSubdomain } from "../fields/fields";
import type { Problem } from "../fields/problems";

/**
 * `tenancy:addons`: the cluster add-ons tenants' applications need, each one a toggle. Chart
 * versions are never defaulted: a stack pins what it installs, so regions upgrade one at a time.
 */

/** A Helm chart version: semver, with or without a leading `v` (cert-manager uses one). */
const chartVersion = z.string().superRefine((value, ctx) => {
  if (!/^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a chart version: pin an exact release, e.g. v1.9.0`,
    });
  }
});

const addon = z.strictObject({
  /** Whether the Cluster installs it; false when the cluster already runs it. @default true */
  install: z.boolean().default(true),
  /** Exact chart version; required when `install` is true. */
  chartVersion: chartVersion.optional(),
});

export const LETS_ENCRYPT_SERVERS = ["production", "staging"] as const;

export const addonsSchema = z.strictObject({
  /**
   * Envoy Gateway, in namespace `envoy-gateway-system`, release `envoy-gateway`, with the Gateway
   * API CRDs (the only copy the program installs): the edge every tenant is reached through.
   * @see https://gateway.envoyproxy.io/docs/install/install-helm/
   */
  envoyGateway: addon.default({ install: true }),
  /**
   * cert-manager, in namespace `cert-manager`, with its CRDs.
   * @see https://cert-manager.io/docs/installation/helm/
   */
  certManager: addon.default({ install: true }),
  /**
   * Velero, in namespace `velero`, backing up every tenant on its tier's schedule to storage the
   * program makes (AKS, GKE). On an existing cluster, install it yourself with its storage and
   * set `install: false`: the program still creates each tenant's Schedule.
   * @see https://velero.io/docs/
   */
  velero: addon.default({ install: true }),
  /** The ClusterIssuer of tenants' certificates: Let's Encrypt (created here) or one of yours. */
  issuer: z.strictObject({
    /** Let's Encrypt server; the program creates a ClusterIssuer solving HTTP-01 through the Gateway. */
    letsEncrypt: z.enum(LETS_ENCRYPT_SERVERS).optional(),
    /** Contact of the ACME account; required with `letsEncrypt`. */
    email: z.email({ message: "must be an email address" }).optional(),
    /** Name of a ClusterIssuer the cluster already has; mutually exclusive with `letsEncrypt`. */
    name: dnsSubdomain.optional(),
    /**
     * With `letsEncrypt`: answer challenges with DNS-01 in this zone (the one the environment's
     * global stack manages) instead of HTTP-01 through the Gateway, so a standby region holds a
     * valid certificate for the tenant's host before a failover. The cluster's workload identity
     * gets the right to write the zone's records; @default HTTP-01
     * @see https://cert-manager.io/docs/configuration/acme/dns01/
     */
    dns01: z
      .discriminatedUnion("provider", [
        z.strictObject({
          provider: z.literal("azure"),
          /** The Azure DNS zone, e.g. `example.com`; the catalog's domain must lie in it. */
          zone: dnsSubdomain,
          /** Resource group of the zone. */
          resourceGroup: z.string().min(1).max(90),
          /** Subscription of the zone. */
          subscriptionId: z.guid({ message: "must be an Azure subscription id (a GUID)" }),
        }),
        z.strictObject({
          provider: z.literal("gcp"),
          /** DNS name of the Cloud DNS zone, e.g. `example.com`; the catalog's domain must lie in it. */
          zone: dnsSubdomain,
          /** Name of the Cloud DNS managed zone resource. */
          managedZone: dnsLabel,
          /** Project of the zone. */
          project: z.string().min(6).max(30),
        }),
      ])
      .optional(),
  }),
});

export type Dns01Spec = NonNullable<AddonsSettings["issuer"]["dns01"]>;

export type AddonsSettings = z.output<typeof addonsSchema>;

export type IssuerSpec =
  | {
      readonly kind: "letsEncrypt";
      readonly server: (typeof LETS_ENCRYPT_SERVERS)[number];
      readonly email: string;
      /** Where DNS-01 challenges are answered; absent: HTTP-01 through the Gateway. */
      readonly dns01?: Dns01Spec;
    }
  | { readonly kind: "existing"; readonly name: string };

/** The add-ons a valid stack installs (absent: the cluster already runs it) and its issuer. */
export interface AddonsSpec {
  readonly envoyGateway?: { readonly chartVersion: string };
  readonly certManager?: { readonly chartVersion: string };
  readonly velero?: { readonly chartVersion: string };
  readonly issuer: IssuerSpec;
}

const EXAMPLE_VERSION = {
  envoyGateway: "v1.9.0",
  certManager: "v1.21.1",
  velero: "12.1.0",
} as const;

/** The chart version of each add-on the stack installs, for the stack's outputs and report. */
export function addonVersions(spec: AddonsSpec): Record<string, string> {
  const installed = [
    ["envoyGateway", spec.envoyGateway],
    ["certManager", spec.certManager],
    ["velero", spec.velero],
  ] as const;
  return Object.fromEntries(
    installed.flatMap(([key, addon]) => (addon ? [[key, addon.chartVersion]] : [])),
  );
}

/**
 * cert-manager releases a stack may not install. GHSA-8rvj-mm4h-c258 (high): the
 * `cert-manager-edit` role, aggregated into the built-in `admin` that tenants hold, let a tenant
 * create ACME Challenges and Orders against the platform's ClusterIssuer; fixed in v1.19.6,
 * v1.20.3 and every v1.21. The chart's aggregation is turned off as well (addon-values.ts).
 * @see https://github.com/cert-manager/cert-manager/security/advisories/GHSA-8rvj-mm4h-c258 (read 2026-12-02)
 */
const CERT_MANAGER_FIXED: Readonly<Record<string, number>> = { "1.19": 6, "1.20": 3 };
const CERT_MANAGER_FIRST_FIXED_LINE = [1, 21] as const;

export function certManagerVersionProblem(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (match === null) return undefined;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  const [fixedMajor, fixedMinor] = CERT_MANAGER_FIRST_FIXED_LINE;
  if (major > fixedMajor || (major === fixedMajor && minor >= fixedMinor)) return undefined;
  const fixedPatch = CERT_MANAGER_FIXED[`${major}.${minor}`];
  if (fixedPatch !== undefined && patch >= fixedPatch) return undefined;
  const fix = fixedPatch !== undefined ? `v${major}.${minor}.${fixedPatch} or ` : "";
  return `${version} lets tenants' admins create ACME challenges against the platform's issuer (GHSA-8rvj-mm4h-c258): use ${fix}${EXAMPLE_VERSION.certManager}`;
}

/** Cross-field rules of `tenancy:addons`, and the spec when there are none. */
export function addonsSpec(
  settings: AddonsSettings,
  path: string,
): { spec?: AddonsSpec; problems: Problem[] } {
  const problems: Problem[] = [];
  const installed = (key: keyof typeof EXAMPLE_VERSION): { chartVersion: string } | undefined => {
    const { install, chartVersion } = settings[key];
    if (!install) return undefined;
    if (chartVersion === undefined) {
      problems.push({
        path: `${path}.${key}.chartVersion`,
        reason: `required to install it: pin the chart version, e.g. ${EXAMPLE_VERSION[key]}, or set install: false if the cluster already runs it`,
      });
      return undefined;
    }
    const vulnerable = key === "certManager" ? certManagerVersionProblem(chartVersion) : undefined;
    if (vulnerable !== undefined) {
      problems.push({ path: `${path}.${key}.chartVersion`, reason: vulnerable });
      return undefined;
    }
    return { chartVersion };
  };
  const envoyGateway = installed("envoyGateway");
  const certManager = installed("certManager");
  const velero = installed("velero");
  const issuer = issuerSpec(settings.issuer, `${path}.issuer`, problems);
  if (problems.length > 0 || issuer === undefined) return { problems };
  return {
    spec: {
      ...(envoyGateway ? { envoyGateway } : {}),
      ...(certManager ? { certManager } : {}),
      ...(velero ? { velero } : {}),
      issuer,
    },
    problems,
  };
}

function issuerSpec(
  issuer: AddonsSettings["issuer"],
  path: string,
  problems: Problem[],
): IssuerSpec | undefined {
  if (issuer.letsEncrypt !== undefined && issuer.name !== undefined) {
    problems.push({
      path,
      reason: "letsEncrypt and name are mutually exclusive: keep one",
    });
    return undefined;
  }
  if (issuer.name !== undefined) {
    for (const key of ["email", "dns01"] as const) {
      if (issuer[key] !== undefined) {
        problems.push({
          path: `${path}.${key}`,
          reason: "applies to letsEncrypt only: remove it (your issuer has its own account)",
        });
      }
    }
    return { kind: "existing", name: issuer.name };
  }
  if (issuer.letsEncrypt === undefined) {
    problems.push({
      path,
      reason:
        "name the certificates' issuer: letsEncrypt: production (or staging) with an email, or name: <your ClusterIssuer>",
    });
    return undefined;
  }
  if (issuer.email === undefined) {
    problems.push({
      path: `${path}.email`,
      reason: "required with letsEncrypt: the ACME account's contact for expiry notices",
    });
    return undefined;
  }
  return {
    kind: "letsEncrypt",
    server: issuer.letsEncrypt,
    email: issuer.email,
    ...(issuer.dns01 !== undefined ? { dns01: issuer.dns01 } : {}),
  };
}
