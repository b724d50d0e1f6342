import type { SystemPods } from "./system-pods";

/**
 * The edge every tenant is reached through: Envoy Gateway's controller and proxies, the one
 * Gateway the platform owns, and the namespace of the objects that claim tenants' hostnames
 * (ListenerSets, Certificates, the policies on them), where tenants have no rights.
 * @see https://gateway.envoyproxy.io/docs/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */

/** Namespace of Envoy Gateway's controller and, by default, of the proxies it deploys. */
export const EDGE_SYSTEM_NAMESPACE = "envoy-gateway-system";

/** Namespace of the Gateway, the tenants' ListenerSets and their certificates. */
export const EDGE_NAMESPACE = "tenancy-edge";

/** The Gateway and its GatewayClass. */
export const GATEWAY_NAME = "tenancy";

/** Envoy Gateway's controller name, which a GatewayClass names to be served by it. */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";

/** Port of the Gateway's listener for plain HTTP (redirects and ACME HTTP-01 challenges). */
export const HTTP_PORT = 80;
export const HTTPS_PORT = 443;

/**
 * Envoy Gateway binds a listener below 1024 at the port plus 10000 inside the proxy pod, so the
 * Service's 80 and 443 reach the pods at 10080 and 10443; network policies name those.
 * @see https://github.com/envoyproxy/gateway/blob/v1.9.0/internal/gatewayapi/listener.go
 */
export const proxyPort = (listenerPort: number): number =>
  listenerPort < 1024 ? listenerPort + 10_000 : listenerPort;

/**
 * The Gateway's proxies, as Envoy Gateway labels them: the only pods tenants' web pods accept
 * traffic from. Their admin (19000), stats (19001), shutdown (19002) and readiness (19003) ports
 * are reached by nothing: no policy admits them.
 * @see https://github.com/envoyproxy/gateway/blob/v1.9.0/internal/infrastructure/kubernetes/proxy/resource.go
 */
export const EDGE_PROXY: SystemPods = {
  namespace: EDGE_SYSTEM_NAMESPACE,
  workload: `envoy-${GATEWAY_NAME}`,
  podLabels: {
    "app.kubernetes.io/name": "envoy",
    "app.kubernetes.io/component": "proxy",
    "gateway.envoyproxy.io/owning-gateway-name": GATEWAY_NAME,
    "gateway.envoyproxy.io/owning-gateway-namespace": EDGE_NAMESPACE,
  },
  ports: [
    { protocol: "TCP", port: proxyPort(HTTP_PORT), name: "http" },
    { protocol: "TCP", port: proxyPort(HTTPS_PORT), name: "https" },
  ],
};

/**
 * Envoy Gateway's controller: proxies fetch their configuration from it over xDS (18000).
 * @see https://github.com/envoyproxy/gateway/blob/v1.9.0/charts/gateway-helm/templates/envoy-gateway-deployment.yaml
 */
export const XDS_PORT = 18000;

export const EDGE_CONTROLLER: SystemPods = {
  namespace: EDGE_SYSTEM_NAMESPACE,
  workload: "envoy-gateway",
  podLabels: { "control-plane": "envoy-gateway" },
  ports: [{ protocol: "TCP", port: XDS_PORT, name: "xds" }],
};

/**
 * cert-manager's controller: before it asks Let's Encrypt to validate an HTTP-01 challenge, it
 * fetches the challenge URL itself, and from inside the cluster the Gateway's address leads
 * straight to the proxies.
 * @see https://cert-manager.io/docs/troubleshooting/acme/#got-404-status-code
 */
export const CERT_MANAGER_CONTROLLER = {
  namespace: "cert-manager",
  podLabels: {
    "app.kubernetes.io/name": "cert-manager",
    "app.kubernetes.io/component": "controller",
  },
} as const;

/**
 * The tenants' pods the proxies may reach: their web pods, on the port they serve plain HTTP on
 * (the proxies terminate TLS).
 */
export const TENANT_BACKEND = { component: "web", port: 80 } as const;

/** Name of the Gateway's plain-HTTP listener. */
export const HTTP_LISTENER = "http";

/** One year, in seconds: the HSTS max-age browsers' preload lists ask for. */
export const HSTS_MAX_AGE = 31_536_000;
