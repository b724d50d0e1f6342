import type { IssuerSpec } from "../../stacks/addons";
import { MANAGED_BY } from "../labels";
import type { IngressFacts } from "./ingress";
import { OS_LABEL } from "./placement";

/**
 * What the Cluster installs for tenants' applications, as pure data: Helm values of the ingress
 * controller and cert-manager, and the Let's Encrypt ClusterIssuer.
 */

const LINUX = { [OS_LABEL]: "linux" } as const;

/** Chart coordinates of each add-on. */
export const CHARTS = {
  ingressNginx: {
    chart: "ingress-nginx",
    repo: "https://kubernetes.github.io/ingress-nginx",
    namespace: "ingress-nginx",
  },
  certManager: {
    chart: "cert-manager",
    repo: "https://charts.jetstack.io",
    namespace: "cert-manager",
  },
  kyverno: {
    chart: "kyverno",
    repo: "https://kyverno.github.io/kyverno/",
    namespace: "kyverno",
  },
} as const;

/** One year, in seconds: the HSTS max-age browsers' preload lists ask for. */
const HSTS_MAX_AGE = 31_536_000;

/**
 * ingress-nginx on Linux nodes, two replicas, keeping clients' addresses (the allowlist sees
 * them only with `externalTrafficPolicy: Local`), HTTPS only with HSTS, no user snippets.
 * `service` adds the platform's values for the static address (`IngressAddress`).
 * @see https://github.com/kubernetes/ingress-nginx/blob/main/charts/ingress-nginx/values.yaml
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/
 */
export function ingressNginxValues(
  facts: IngressFacts,
  service: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    controller: {
      replicaCount: 2,
      minAvailable: 1,
      ingressClass: facts.className,
      ingressClassResource: { name: facts.className, enabled: true, default: false },
      nodeSelector: LINUX,
      allowSnippetAnnotations: false,
      podLabels: MANAGED_BY,
      service: { ...service, externalTrafficPolicy: "Local" },
      config: {
        "ssl-redirect": "true",
        hsts: "true",
        "hsts-max-age": String(HSTS_MAX_AGE),
        "hsts-include-subdomains": "false",
        "server-tokens": "false",
      },
      admissionWebhooks: { patch: { nodeSelector: LINUX } },
    },
  };
}

/**
 * cert-manager with its CRDs, kept when the release goes, so that certificates survive. Its
 * roles are not aggregated into the built-in `admin`, `edit` and `view` that tenants hold: tenants
 * get no cert-manager rights (no Challenges, Orders or Certificates of their own).
 * @see https://cert-manager.io/docs/installation/helm/
 * @see https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/values.yaml (global.rbac.aggregateClusterRoles)
 */
export function certManagerValues(): Record<string, unknown> {
  return {
    global: { rbac: { aggregateClusterRoles: false } },
    crds: { enabled: true, keep: true },
    nodeSelector: LINUX,
    webhook: { nodeSelector: LINUX },
    cainjector: { nodeSelector: LINUX },
    startupapicheck: { nodeSelector: LINUX },
  };
}

/** Port of Kyverno's admission webhook on its pods. */
export const KYVERNO_WEBHOOK_PORT = 9443;

/**
 * Kyverno on Linux nodes; three admission controllers, as Kyverno advises for production, since
 * its webhook fails closed and a lone replica would stall every tenant's deployments.
 * @see https://kyverno.io/docs/installation/methods/#high-availability-installation
 */
export function kyvernoValues(): Record<string, unknown> {
  const onLinux = { nodeSelector: LINUX };
  return {
    admissionController: { replicas: 3, ...onLinux },
    backgroundController: onLinux,
    cleanupController: onLinux,
    reportsController: onLinux,
  };
}

/** @see https://letsencrypt.org/docs/staging-environment/ */
const ACME_SERVERS = {
  production: "https://acme-v02.api.letsencrypt.org/directory",
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/** A cert-manager ClusterIssuer, as the Kubernetes provider's CustomResource takes it. */
export interface ClusterIssuerManifest {
  readonly apiVersion: "cert-manager.io/v1";
  readonly kind: "ClusterIssuer";
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  readonly spec: { readonly acme: Record<string, unknown> };
}

/** Name of the ClusterIssuer tenants' certificates name. */
export function issuerName(issuer: IssuerSpec): string {
  return issuer.kind === "existing" ? issuer.name : `letsencrypt-${issuer.server}`;
}

/**
 * A Let's Encrypt ClusterIssuer answering HTTP-01 challenges through the tenants' ingress class.
 * The solver's Service is ClusterIP: tenants' quotas refuse NodePort Services.
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 */
export function letsEncryptIssuerManifest(
  issuer: Extract<IssuerSpec, { kind: "letsEncrypt" }>,
  ingress: IngressFacts,
): ClusterIssuerManifest {
  const name = issuerName(issuer);
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name, labels: { ...MANAGED_BY } },
    spec: {
      acme: {
        server: ACME_SERVERS[issuer.server],
        email: issuer.email,
        privateKeySecretRef: { name: `${name}-account` },
        solvers: [
          {
            http01: {
              ingress: {
                ingressClassName: ingress.className,
                serviceType: "ClusterIP",
              },
            },
          },
        ],
      },
    },
  };
}
