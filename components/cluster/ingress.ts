/**
 * The ingress controller tenants' web pods accept traffic from: its namespace and pod labels
 * select the only source of their ingress policy, and its class is the tenants' default.
 */
export interface IngressFacts {
  readonly namespace: string;
  /** Labels of the controller's pods, within `namespace`. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly className: string;
}

/**
 * ingress-nginx as its Helm chart installs it under release name `ingress-nginx`.
 * @see https://github.com/kubernetes/ingress-nginx/tree/main/charts/ingress-nginx
 */
export const INGRESS_NGINX: IngressFacts = {
  namespace: "ingress-nginx",
  podLabels: {
    "app.kubernetes.io/name": "ingress-nginx",
    "app.kubernetes.io/component": "controller",
  },
  className: "nginx",
};
