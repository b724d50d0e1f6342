import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import type { IngressFacts } from "../cluster/ingress";
import { OBJECT_NAMES, componentLabels } from "./application";

/**
 * The tenant's only way in: an HTTPS Ingress for its host, with the certificate cert-manager
 * issues for it, and the tenant's source allowlist. The controller redirects HTTP to HTTPS and
 * sends HSTS (components/cluster/addon-values.ts).
 */

/** A cert-manager Certificate, as the Kubernetes provider's CustomResource takes it. */
export interface CertificateManifest {
  readonly apiVersion: "cert-manager.io/v1";
  readonly kind: "Certificate";
  readonly metadata: k8s.types.input.meta.v1.ObjectMeta;
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

export function webIngressManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  ingress: IngressFacts,
): k8s.networking.v1.IngressArgs {
  return {
    metadata: {
      name: OBJECT_NAMES.web,
      namespace,
      labels: componentLabels(tenant.name, "web"),
      annotations:
        tenant.allowlist.length > 0
          ? { [ingress.allowlistAnnotation]: tenant.allowlist.join(",") }
          : {},
    },
    spec: {
      ingressClassName: tenant.ingressClass ?? ingress.className,
      tls: [{ hosts: [...tenant.hosts], secretName: OBJECT_NAMES.tls }],
      rules: tenant.hosts.map((host) => ({
        host,
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: OBJECT_NAMES.web, port: { name: "http" } } },
            },
          ],
        },
      })),
    },
  };
}

/**
 * The certificate of the tenant's hosts in this region, a fresh ECDSA key at each renewal.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export function certificateManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  issuer: string,
): CertificateManifest {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: OBJECT_NAMES.tls, namespace, labels: componentLabels(tenant.name, "web") },
    spec: {
      secretName: OBJECT_NAMES.tls,
      dnsNames: [...tenant.hosts],
      issuerRef: { kind: "ClusterIssuer", name: issuer },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    },
  };
}
