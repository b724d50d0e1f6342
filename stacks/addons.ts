import { z } from "zod";
import { dnsSubdomain } from "./fields";
import type { Problem } from "./problems";

/**
 * `tenancy:addons`: the cluster add-ons tenants' applications need, each one a toggle. Chart
 * versions are never defaulted: a stack pins what it installs, so regions upgrade one at a time.
 */

/** A Helm chart version: semver, with or without a leading `v` (cert-manager uses one). */
const chartVersion = z.string().superRefine((value, ctx) => {
  if (!/^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a chart version: pin an exact release, e.g. 4.15.1 or v1.19.1`,
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
   * ingress-nginx, in namespace `ingress-nginx`, release `ingress-nginx`, on Linux nodes.
   * @see https://kubernetes.github.io/ingress-nginx/
   */
  ingressNginx: addon.default({ install: true }),
  /**
   * cert-manager, in namespace `cert-manager`, with its CRDs.
   * @see https://cert-manager.io/docs/installation/helm/
   */
  certManager: addon.default({ install: true }),
  /**
   * Kyverno, in namespace `kyverno`, with tenancy's admission policies: tenants' own objects are
   * held to the guardrails Pod Security Admission does not cover. Off unless asked for.
   * @see https://kyverno.io/docs/installation/methods/
   */
  kyverno: addon.default({ install: false }),
  /** The ClusterIssuer of tenants' certificates: Let's Encrypt (created here) or one of yours. */
  issuer: z.strictObject({
    /** Let's Encrypt server; the program creates a ClusterIssuer solving HTTP-01 on the ingress. */
    letsEncrypt: z.enum(LETS_ENCRYPT_SERVERS).optional(),
    /** Contact of the ACME account; required with `letsEncrypt`. */
    email: z.email({ message: "must be an email address" }).optional(),
    /** Name of a ClusterIssuer the cluster already has; mutually exclusive with `letsEncrypt`. */
    name: dnsSubdomain.optional(),
  }),
});

export type AddonsSettings = z.output<typeof addonsSchema>;

export type IssuerSpec =
  | {
      readonly kind: "letsEncrypt";
      readonly server: (typeof LETS_ENCRYPT_SERVERS)[number];
      readonly email: string;
    }
  | { readonly kind: "existing"; readonly name: string };

/** The add-ons a valid stack installs (absent: the cluster already runs it) and its issuer. */
export interface AddonsSpec {
  readonly ingressNginx?: { readonly chartVersion: string };
  readonly certManager?: { readonly chartVersion: string };
  readonly kyverno?: { readonly chartVersion: string };
  readonly issuer: IssuerSpec;
}

const EXAMPLE_VERSION = {
  ingressNginx: "4.15.1",
  certManager: "v1.19.1",
  kyverno: "3.8.2",
} as const;

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
    return { chartVersion };
  };
  const ingressNginx = installed("ingressNginx");
  const certManager = installed("certManager");
  const kyverno = installed("kyverno");
  const issuer = issuerSpec(settings.issuer, `${path}.issuer`, problems);
  if (problems.length > 0 || issuer === undefined) return { problems };
  return {
    spec: {
      ...(ingressNginx ? { ingressNginx } : {}),
      ...(certManager ? { certManager } : {}),
      ...(kyverno ? { kyverno } : {}),
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
    if (issuer.email !== undefined) {
      problems.push({
        path: `${path}.email`,
        reason: "applies to letsEncrypt only: remove it (your issuer has its own account)",
      });
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
  return { kind: "letsEncrypt", server: issuer.letsEncrypt, email: issuer.email };
}
