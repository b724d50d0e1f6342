import { createHash } from "crypto";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import type { CustomManifest } from "../cluster/edge";
import { EDGE_NAMESPACE, GATEWAY_NAME, HSTS_MAX_AGE, HTTPS_PORT } from "../cluster/gateway";
import { NAMESPACE_NAME_LABEL, tenantLabels } from "../labels";
import { OBJECT_NAMES, WEB_PORT, componentLabels } from "./application";

/**
 * The tenant's way in. What claims its hostnames lives in the edge namespace, where tenants have
 * no rights: a ListenerSet on the platform's Gateway with one HTTPS listener per host, open to
 * routes of the tenant's own namespace only (selected by `kubernetes.io/metadata.name`, which only
 * the API server sets), the Certificate of those hosts, the client allowlist and HSTS on every
 * response. In the tenant's namespace: the HTTPRoute to its web Service.
 * @see https://gateway-api.sigs.k8s.io/geps/gep-1713/ (ListenerSet)
 */

const GATEWAY_API = "gateway.networking.k8s.io";
const ENVOY_GATEWAY_API = "gateway.envoyproxy.io";

/** Name of the tenant's ListenerSet and prefix of its other objects in the edge namespace. */
export const edgeName = (tenant: Pick<TenantSpec, "namespace">): string => tenant.namespace;

/**
 * A listener's name from its host: stable, a valid section name, and one host's alone: dashes
 * double and dots become dashes, so `a-b.x` and `a.b.x` stay apart. A name past the 253
 * characters a section name may have ends in a digest of the host instead.
 */
export function listenerName(host: string): string {
  const name = host.replaceAll("-", "--").replaceAll(".", "-");
  if (name.length <= 253) return name;
  return `${name.slice(0, 236)}-${createHash("sha256").update(host).digest("hex").slice(0, 16)}`;
}

/** The Secret the Certificate writes and the listeners present, in the edge namespace. */
export const tlsSecretName = (tenant: Pick<TenantSpec, "namespace">): string =>
  `${tenant.namespace}-tls`;

const edgeMetadata = (tenant: TenantSpec, name: string) => ({
  name,
  namespace: EDGE_NAMESPACE,
  labels: tenantLabels(tenant.name),
});

const listenerSetRef = (tenant: TenantSpec) => ({
  group: GATEWAY_API,
  kind: "ListenerSet",
  name: edgeName(tenant),
});

/**
 * One HTTPS listener per host of the tenant in this region, each presenting the tenant's
 * certificate and admitting HTTPRoutes from the tenant's namespace only.
 */
export function listenerSetManifest(tenant: TenantSpec): CustomManifest {
  return {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: "ListenerSet",
    metadata: edgeMetadata(tenant, edgeName(tenant)),
    spec: {
      parentRef: { group: GATEWAY_API, kind: "Gateway", name: GATEWAY_NAME },
      listeners: tenant.hosts.map((host) => ({
        name: listenerName(host),
        hostname: host,
        port: HTTPS_PORT,
        protocol: "HTTPS",
        tls: { mode: "Terminate", certificateRefs: [{ name: tlsSecretName(tenant) }] },
        allowedRoutes: {
          namespaces: {
            from: "Selector",
            selector: { matchLabels: { [NAMESPACE_NAME_LABEL]: tenant.namespace } },
          },
          kinds: [{ group: GATEWAY_API, kind: "HTTPRoute" }],
        },
      })),
    },
  };
}

/** A cert-manager Certificate, as the Kubernetes provider's CustomResource takes it. */
export interface CertificateManifest extends CustomManifest {
  readonly apiVersion: "cert-manager.io/v1";
  readonly kind: "Certificate";
  readonly spec: {
    readonly secretName: string;
    readonly dnsNames: readonly string[];
    readonly issuerRef: { readonly kind: "ClusterIssuer"; readonly name: string };
    readonly privateKey: {
      readonly algorithm: "ECDSA";
      readonly size: 256;
      readonly rotationPolicy: "Always";
    };
  };
}

/**
 * The certificate of the tenant's hosts in this region, a fresh ECDSA key at each renewal, kept
 * beside the listeners that present it (the tenant can neither read nor replace it).
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export function certificateManifest(tenant: TenantSpec, issuer: string): CertificateManifest {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: edgeMetadata(tenant, tlsSecretName(tenant)),
    spec: {
      secretName: tlsSecretName(tenant),
      dnsNames: [...tenant.hosts],
      issuerRef: { kind: "ClusterIssuer", name: issuer },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    },
  };
}

/**
 * The stack's and the tenant's client allowlist, enforced by the proxies on every route of the
 * tenant's listeners (its own routes included); every client when the list is empty.
 * @see https://gateway.envoyproxy.io/docs/tasks/security/restrict-ip-access/
 */
export function allowlistPolicyManifest(tenant: TenantSpec): CustomManifest {
  return {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: "SecurityPolicy",
    metadata: edgeMetadata(tenant, `${edgeName(tenant)}-allowlist`),
    spec: {
      targetRefs: [listenerSetRef(tenant)],
      authorization:
        tenant.allowlist.length > 0
          ? {
              defaultAction: "Deny",
              rules: [
                {
                  name: "allowlist",
                  action: "Allow",
                  principal: { clientCIDRs: [...tenant.allowlist] },
                },
              ],
            }
          : { defaultAction: "Allow" },
    },
  };
}

/**
 * HSTS for one year on every response of the tenant's listeners, whichever route served it.
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#headersettings (lateResponseHeaders)
 */
export function hstsPolicyManifest(tenant: TenantSpec): CustomManifest {
  return {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: "ClientTrafficPolicy",
    metadata: edgeMetadata(tenant, `${edgeName(tenant)}-hsts`),
    spec: {
      targetRefs: [listenerSetRef(tenant)],
      headers: {
        lateResponseHeaders: {
          set: [{ name: "Strict-Transport-Security", value: `max-age=${String(HSTS_MAX_AGE)}` }],
        },
      },
    },
  };
}

/** The application's route: every host of the tenant's listeners to its web Service. */
export function webRouteManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): CustomManifest {
  return {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: "HTTPRoute",
    metadata: {
      name: OBJECT_NAMES.web,
      namespace,
      labels: componentLabels(tenant.name, "web"),
    },
    spec: {
      parentRefs: [{ ...listenerSetRef(tenant), namespace: EDGE_NAMESPACE }],
      hostnames: [...tenant.hosts],
      rules: [{ backendRefs: [{ name: OBJECT_NAMES.web, port: WEB_PORT }] }],
    },
  };
}

/**
 * With `selfServiceRoutes`, the tenant's admins may manage HTTPRoutes in their namespace: a Role
 * the platform owns, bound to the tenant's admins only (never aggregated into `admin`). Their
 * routes attach to the tenant's own listeners only, with its allowlist and HSTS.
 */
export function routeEditorManifests(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): { role: k8s.rbac.v1.RoleArgs; binding: k8s.rbac.v1.RoleBindingArgs } {
  const metadata = {
    name: OBJECT_NAMES.routeEditors,
    namespace,
    labels: tenantLabels(tenant.name),
  };
  return {
    role: {
      metadata,
      rules: [
        {
          apiGroups: [GATEWAY_API],
          resources: ["httproutes"],
          verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
        },
      ],
    },
    binding: {
      metadata,
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: OBJECT_NAMES.routeEditors,
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: tenant.admins }],
    },
  };
}
