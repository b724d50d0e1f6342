import type { SystemPods } from "./system-pods";

/**
 * The ingress controller tenants' web pods accept traffic from: its namespace and pod labels
 * select the only source of their ingress policy, its class is the tenants' default, and its
 * annotation carries each tenant's source allowlist.
 */
export interface IngressFacts extends SystemPods {
  readonly className: string;
  /** Ingress annotation restricting clients to a comma-separated list of CIDRs. */
  readonly allowlistAnnotation: string;
}

/**
 * ingress-nginx as its Helm chart installs it under release name `ingress-nginx`.
 * @see https://github.com/kubernetes/ingress-nginx/tree/main/charts/ingress-nginx
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#allowlist-source-range
 */
export const INGRESS_NGINX: IngressFacts = {
  namespace: "ingress-nginx",
  workload: "ingress-nginx-controller",
  podLabels: {
    "app.kubernetes.io/name": "ingress-nginx",
    "app.kubernetes.io/component": "controller",
  },
  ports: [
    { protocol: "TCP", port: 80, name: "http" },
    { protocol: "TCP", port: 443, name: "https" },
  ],
  className: "nginx",
  // The older of the annotation's two names: every controller version reads it (newer ones also
  // read allowlist-source-range), so a cluster running its own, older ingress-nginx never fails open.
  allowlistAnnotation: "nginx.ingress.kubernetes.io/whitelist-source-range",
};

/** Port of ingress-nginx's admission webhook on its pods (`controller.admissionWebhooks.port`). */
export const INGRESS_WEBHOOK_PORT = 8443;
