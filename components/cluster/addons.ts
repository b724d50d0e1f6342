import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type * as pulumi from "@pulumi/pulumi";
import type { AddonsSpec } from "../../stacks/cluster/addons";
import { MANAGED_BY } from "../labels";
import {
  CHARTS,
  ENVOY_GATEWAY_CRDS,
  certManagerValues,
  veleroValues,
  envoyGatewayCrdsValues,
  envoyGatewayValues,
  issuerName,
  letsEncryptIssuerManifest,
} from "./addon-values";
import {
  edgeNamespaceManifest,
  edgeNetworkPolicies,
  envoyProxyManifest,
  gatewayClassManifest,
  gatewayManifest,
  httpsRedirectManifest,
} from "./edge";
import type { BackupTarget } from "./backups";
import { restoreSources, type RestoreSources } from "./restore-sources";
import type { Dns01Identity } from "./dns01";
import type { GatewayAddress } from "./gateway-address";

/** What tenants' edge objects and Certificates wait for, and the issuer they name. */
export interface ClusterAddons {
  /**
   * The CRDs of the edge's kinds and the edge's namespace, which tenants' ListenerSets, routes and
   * policies need.
   */
  readonly edgeReady: readonly pulumi.Resource[];
  readonly issuer: {
    readonly name: string;
    readonly ready: readonly pulumi.Resource[];
  };
  /**
   * Velero, which tenants' Schedules need (its CRDs come with it), and whether backups copy
   * volume data into the storage location; absent where the cluster runs Velero itself.
   */
  readonly backups?: {
    readonly ready: readonly pulumi.Resource[];
    readonly moveData: boolean;
    /**
     * Per region whose backups tenants here restore from, what its read-only location waits on
     * (nothing where another stack made it).
     */
    readonly sources: ReadonlyMap<string, readonly pulumi.Resource[]>;
  };
}

/** What the edge needs from the cluster: its static address and its own address ranges. */
export interface EdgeInputs {
  readonly address?: GatewayAddress;
  /** The cluster's pod, Service and node ranges, which the proxies' clients never come from. */
  readonly internalRanges: readonly string[];
  /** cert-manager's identity for DNS-01 challenges; absent: HTTP-01 through the Gateway. */
  readonly dns01?: Dns01Identity;
  /** Velero's storage and identity, where the program makes them. */
  readonly backups?: BackupTarget;
  /** Regions whose backups tenants here restore from, and where their stacks are. */
  readonly restoreSources?: RestoreSources;
}

/**
 * Charts install through `helm.v3.Release`, which runs their hooks (Envoy Gateway's certificate
 * job is one; helm.v4.Chart drops hooks). A Release waits for its workloads, and nodes may still
 * be joining, hence the long timeout.
 * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
 */
const RELEASE_TIMEOUT_SECONDS = 1200;

/** Add-ons namespaces: `baseline` enforced, `restricted` warned and audited. */
function addonNamespace(
  name: string,
  namespace: string,
  opts: pulumi.CustomResourceOptions,
): Namespace {
  return new Namespace(
    name,
    {
      metadata: {
        name: namespace,
        labels: {
          ...MANAGED_BY,
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
        },
      },
    },
    opts,
  );
}

/** A chart from a Helm repository, or from an OCI registry (`oci://…`: no repository options). */
function chartSource(chart: { readonly chart: string; readonly repo: string }) {
  return chart.repo.startsWith("oci://")
    ? { chart: `${chart.repo}/${chart.chart}` }
    : { chart: chart.chart, repositoryOpts: { repo: chart.repo } };
}

function release(
  name: string,
  chart: { readonly chart: string; readonly repo: string },
  namespace: pulumi.Input<string>,
  version: string,
  values: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): Release {
  return new Release(
    name,
    {
      name: chart.chart,
      ...chartSource(chart),
      version,
      namespace,
      values,
      timeout: RELEASE_TIMEOUT_SECONDS,
    },
    opts,
  );
}

/**
 * Envoy Gateway (its CRDs as a release of their own), the proxies' settings with the static
 * address, the GatewayClass and the Gateway with its HTTPS redirect, and the edge's network
 * policies. Without `spec` the cluster already runs Envoy Gateway and its CRDs. Returns what the
 * edge's custom resources need first: the CRDs (no webhook checks them, and the controller takes
 * them up whenever it starts), so tenants' objects never wait for the controller.
 */
function edge(
  name: string,
  spec: AddonsSpec["envoyGateway"],
  inputs: EdgeInputs,
  opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
  const crds: pulumi.Resource[] = [];
  if (spec !== undefined) {
    const namespace = addonNamespace(
      `${name}-envoy-gateway-namespace`,
      CHARTS.envoyGateway.namespace,
      opts,
    );
    const definitions = release(
      `${name}-gateway-crds`,
      ENVOY_GATEWAY_CRDS,
      namespace.metadata.name,
      spec.chartVersion,
      envoyGatewayCrdsValues(),
      opts,
    );
    release(
      `${name}-envoy-gateway`,
      CHARTS.envoyGateway,
      namespace.metadata.name,
      spec.chartVersion,
      envoyGatewayValues(),
      { ...opts, dependsOn: [definitions] },
    );
    crds.push(definitions);
  }
  const afterCrds = { ...opts, dependsOn: crds };
  const edgeNamespace = new Namespace(`${name}-edge-namespace`, edgeNamespaceManifest(), opts);
  // The proxies' Service asks for the static address: only once the cluster may use it.
  new CustomResource(`${name}-envoy-proxy`, envoyProxyManifest(inputs.address?.service ?? {}), {
    ...opts,
    dependsOn: [...crds, ...(inputs.address?.dependsOn ?? [])],
  });
  new CustomResource(`${name}-gateway-class`, gatewayClassManifest(), afterCrds);
  const inEdge = { ...opts, dependsOn: [...crds, edgeNamespace] };
  new CustomResource(`${name}-gateway`, gatewayManifest(), inEdge);
  new CustomResource(`${name}-https-redirect`, httpsRedirectManifest(), inEdge);
  // Policies of both edge namespaces: the system one comes with the CRDs' release.
  for (const [key, policy] of Object.entries(edgeNetworkPolicies(inputs.internalRanges))) {
    new NetworkPolicy(`${name}-edge-${key}`, policy, inEdge);
  }
  return [...crds, edgeNamespace];
}

/** Installs what `spec` asks for; an add-on the cluster already runs is only named. */
export function clusterAddons(
  name: string,
  spec: AddonsSpec,
  inputs: EdgeInputs,
  opts: pulumi.CustomResourceOptions,
): ClusterAddons {
  const edgeReady = edge(name, spec.envoyGateway, inputs, opts);
  // With its Gateway API support on, cert-manager watches Gateway API kinds; installed beside the
  // CRDs, not after them, it restarts until they are there (both within the Release's wait).
  const certManager =
    spec.certManager &&
    release(
      `${name}-cert-manager`,
      CHARTS.certManager,
      addonNamespace(`${name}-cert-manager-namespace`, CHARTS.certManager.namespace, opts).metadata
        .name,
      spec.certManager.chartVersion,
      { ...certManagerValues(), ...inputs.dns01?.certManagerValues },
      opts,
    );
  const issuer = spec.issuer;
  const clusterIssuer =
    issuer.kind === "letsEncrypt"
      ? new CustomResource(
          `${name}-issuer`,
          letsEncryptIssuerManifest(issuer, inputs.dns01),
          // The issuer's CRD and webhook come with cert-manager; DNS-01 needs its grants first.
          {
            ...opts,
            dependsOn: [...(certManager ? [certManager] : []), ...(inputs.dns01?.ready ?? [])],
          },
        )
      : undefined;
  return {
    edgeReady,
    issuer: {
      name: issuerName(issuer),
      ready: clusterIssuer ? [clusterIssuer] : certManager ? [certManager] : [],
    },
    ...backups(name, spec, inputs, opts),
  };
}

/** The CSI drivers whose volumes tenants have, per backup provider (their snapshot classes). */
const SNAPSHOT_DRIVERS = {
  azure: ["disk.csi.azure.com", "file.csi.azure.com"],
  gcp: ["pd.csi.storage.gke.io"],
} as const;

/**
 * Velero with its storage location, and a VolumeSnapshotClass per CSI driver labelled for it;
 * without `spec` the cluster runs Velero itself, and tenants' Schedules need nothing more.
 * @see https://velero.io/docs/v1.18/csi/
 */
function backups(
  name: string,
  spec: AddonsSpec,
  inputs: EdgeInputs,
  opts: pulumi.CustomResourceOptions,
): Pick<ClusterAddons, "backups"> {
  const target = inputs.backups;
  if (spec.velero === undefined || target === undefined) return {};
  const velero = release(
    `${name}-velero`,
    CHARTS.velero,
    addonNamespace(`${name}-velero-namespace`, CHARTS.velero.namespace, opts).metadata.name,
    spec.velero.chartVersion,
    veleroValues(target),
    { ...opts, dependsOn: [...target.ready] },
  );
  for (const driver of SNAPSHOT_DRIVERS[target.location.provider]) {
    new CustomResource(
      `${name}-snapshots-${driver.split(".")[0] ?? driver}`,
      {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: {
          name: `tenancy-${driver.split(".")[0] ?? driver}`,
          labels: { ...MANAGED_BY, "velero.io/csi-volumesnapshot-class": "true" },
        },
        driver,
        deletionPolicy: "Delete",
      },
      opts,
    );
  }
  const sources = inputs.restoreSources
    ? restoreSources(`${name}-velero`, inputs.restoreSources, target.reader, velero, opts)
    : new Map<string, readonly pulumi.Resource[]>();
  return { backups: { ready: [velero], moveData: target.moveData, sources } };
}
