import type { IssuerSpec } from "../../stacks/cluster/addons";
import { MANAGED_BY } from "../labels";
import { EDGE_NAMESPACE, EDGE_SYSTEM_NAMESPACE, GATEWAY_NAME, HTTP_LISTENER } from "./gateway";
import { OS_LABEL } from "./placement";

/**
 * What the Cluster installs for tenants' applications, as pure data: Helm values of Envoy
 * Gateway and cert-manager, and the Let's Encrypt ClusterIssuer.
 */

const LINUX = { [OS_LABEL]: "linux" } as const;

/**
 * Chart coordinates of each add-on: a Helm repository, or an OCI registry (`oci://`), where the
 * chart's reference is the registry path and the chart's name.
 */
export const CHARTS = {
  envoyGateway: {
    chart: "gateway-helm",
    repo: "oci://docker.io/envoyproxy",
    namespace: EDGE_SYSTEM_NAMESPACE,
  },
  certManager: {
    chart: "cert-manager",
    repo: "https://charts.jetstack.io",
    namespace: "cert-manager",
  },
  velero: {
    chart: "velero",
    repo: "https://vmware-tanzu.github.io/helm-charts",
    namespace: "velero",
  },
} as const;

/**
 * Velero's release and its cloud plugins. Chart 12.x installs Velero 1.18, tested on Kubernetes
 * 1.33 to 1.35 (1.36 is not yet in its list); plugins 1.14 are built against Velero 1.18.
 * @see https://github.com/vmware-tanzu/helm-charts/blob/velero-12.1.0/charts/velero/Chart.yaml (read 2026-12-02)
 * @see https://github.com/vmware-tanzu/velero#velero-compatibility-matrix (read 2026-12-02)
 */
export const VELERO = {
  namespace: CHARTS.velero.namespace,
  /** The chart names the server's ServiceAccount `<release>-server`. */
  serviceAccount: "velero-server",
  /** The BackupStorageLocation every tenant's Schedule writes to. */
  location: "default",
  plugins: {
    // renovate: datasource=docker depName=velero/velero-plugin-for-microsoft-azure
    azure: "velero/velero-plugin-for-microsoft-azure:v1.14.2",
    // renovate: datasource=docker depName=velero/velero-plugin-for-gcp
    gcp: "velero/velero-plugin-for-gcp:v1.14.2",
  },
} as const;

/**
 * The Gateway API and Envoy Gateway CRDs, from Envoy Gateway's CRD chart at the same version as
 * its controller: one owner of the Gateway API CRDs in the cluster, templates (not Helm's `crds/`
 * folder), so an upgrade of the release upgrades them. Standard channel: ListenerSet is standard
 * since Gateway API v1.5.
 * @see https://gateway.envoyproxy.io/docs/install/install-helm/
 */
export const ENVOY_GATEWAY_CRDS = { chart: "gateway-crds-helm", repo: CHARTS.envoyGateway.repo };

export function envoyGatewayCrdsValues(): Record<string, unknown> {
  return {
    crds: { gatewayAPI: { enabled: true, channel: "standard" }, envoyGateway: { enabled: true } },
  };
}

/**
 * Envoy Gateway's controller on Linux nodes, two replicas; its CRDs come from the CRD release.
 * Its topology injector (a webhook adding zone labels to proxy pods, for zone-aware routing) is
 * off: the API server's calls reach it from the cluster's own ranges, which the edge's policies
 * keep away from the controller, and nothing here routes by zone.
 * @see https://github.com/envoyproxy/gateway/blob/v1.9.0/charts/gateway-helm/values.tmpl.yaml
 */
export function envoyGatewayValues(): Record<string, unknown> {
  return {
    crds: { enabled: false },
    deployment: { replicas: 2, pod: { nodeSelector: LINUX } },
    topologyInjector: { enabled: false },
  };
}

/**
 * cert-manager with its CRDs, kept when the release goes, so that certificates survive, and its
 * Gateway API support on (HTTP-01 challenges answered through the Gateway). Its roles are not
 * aggregated into the built-in `admin`, `edit` and `view` that tenants hold: tenants get no
 * cert-manager rights (no Challenges, Orders or Certificates of their own). Its ingress and
 * gateway shims are off: they would make a Certificate from the annotations of any Ingress or
 * Gateway a tenant creates, with the platform's issuer, for any host. The program names every
 * Certificate itself.
 * @see https://cert-manager.io/docs/installation/helm/
 * @see https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/values.yaml (global.rbac.aggregateClusterRoles)
 */
export function certManagerValues(): Record<string, unknown> {
  return {
    global: { rbac: { aggregateClusterRoles: false } },
    crds: { enabled: true, keep: true },
    // @see https://cert-manager.io/docs/cli/controller/ (--controllers)
    extraArgs: ["--controllers=*,-ingress-shim,-gateway-shim"],
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      gatewayAPI: { enabled: true },
    },
    nodeSelector: LINUX,
    webhook: { nodeSelector: LINUX },
    cainjector: { nodeSelector: LINUX },
    startupapicheck: { nodeSelector: LINUX },
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
 * A Let's Encrypt ClusterIssuer answering DNS-01 challenges with `dns01` (the solver of
 * components/cluster/dns01.ts), else HTTP-01 challenges through the Gateway's plain-HTTP
 * listener, with a ClusterIP solver Service.
 * @see https://cert-manager.io/docs/configuration/acme/http01/#configuring-the-http-01-gateway-api-solver
 * @see https://cert-manager.io/docs/configuration/acme/dns01/
 */
/** The HTTP-01 solver's route: on the Gateway's plain-HTTP listener, a ClusterIP Service. */
const http01Route = {
  parentRefs: [
    {
      group: "gateway.networking.k8s.io",
      kind: "Gateway",
      name: GATEWAY_NAME,
      namespace: EDGE_NAMESPACE,
      sectionName: HTTP_LISTENER,
    },
  ],
  serviceType: "ClusterIP",
};

export function letsEncryptIssuerManifest(
  issuer: Extract<IssuerSpec, { kind: "letsEncrypt" }>,
  dns01?: { readonly zone: string; readonly solver: Record<string, unknown> },
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
          dns01 !== undefined
            ? { dns01: dns01.solver, selector: { dnsZones: [dns01.zone] } }
            : { http01: { gatewayHTTPRoute: http01Route } },
        ],
      },
    },
  };
}

/** What Velero's values need of the cloud: the storage location and the identity's wiring. */
export interface VeleroTarget {
  readonly location: {
    readonly provider: "azure" | "gcp";
    readonly bucket: unknown;
    readonly config: Record<string, unknown>;
  };
  readonly serviceAccountAnnotations: Record<string, unknown>;
  readonly podLabels: Record<string, string>;
  /** Whether backups move snapshot data into the location: only then is a node agent needed. */
  readonly moveData: boolean;
}

/**
 * Velero on the system pool, its plugin for the cloud, one storage location, CSI snapshots and
 * the node agent that moves snapshot data into the location, with workload identity instead of a
 * credentials Secret. Tenants' Schedules are the tenants' own objects (components/tenant).
 * @see https://github.com/vmware-tanzu/helm-charts/blob/velero-12.1.0/charts/velero/values.yaml
 */
export function veleroValues(target: VeleroTarget): Record<string, unknown> {
  const plugin = VELERO.plugins[target.location.provider];
  return {
    initContainers: [
      {
        name: plugin.split("/")[1]?.split(":")[0],
        image: plugin,
        imagePullPolicy: "IfNotPresent",
        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
      },
    ],
    configuration: {
      backupStorageLocation: [
        {
          name: VELERO.location,
          default: true,
          provider: target.location.provider,
          bucket: target.location.bucket,
          config: target.location.config,
        },
      ],
      // Volumes are backed up through CSI snapshots, not the cloud's own snapshot API.
      volumeSnapshotLocation: [],
      features: "EnableCSI",
      uploaderType: "kopia",
    },
    snapshotsEnabled: false,
    // The node agent moves snapshot data; its backup pods inherit its labels (workload identity)
    // and, without hostPath (needed only by file-system backups), no mount of the node's pods.
    deployNodeAgent: target.moveData,
    nodeAgent: { nodeSelector: LINUX, podLabels: target.podLabels, disableHostPath: true },
    credentials: { useSecret: false },
    serviceAccount: { server: { annotations: target.serviceAccountAnnotations } },
    podLabels: target.podLabels,
    nodeSelector: LINUX,
  };
}
