import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import type * as pulumi from "@pulumi/pulumi";
import type { AddonsSpec } from "../../stacks/addons";
import { MANAGED_BY } from "../labels";
import {
  CHARTS,
  certManagerValues,
  ingressNginxValues,
  issuerName,
  kyvernoValues,
  letsEncryptIssuerManifest,
} from "./addon-values";
import { kyvernoPolicies } from "./admission";
import type { IngressFacts } from "./ingress";
import type { IngressAddress } from "./ingress-address";

/** What tenants' Ingresses and Certificates wait for, and the issuer they name. */
export interface ClusterAddons {
  /** The ingress controller, whose admission webhook must answer before an Ingress is created. */
  readonly ingressReady: readonly pulumi.Resource[];
  readonly issuer: {
    readonly name: string;
    /** Whether its challenges run as solver pods in tenants' namespaces (HTTP-01). */
    readonly solvesHttp01: boolean;
    readonly ready: readonly pulumi.Resource[];
  };
}

/**
 * Charts install through `helm.v3.Release`, which runs their hooks: ingress-nginx creates its
 * webhook certificate in one (helm.v4.Chart drops hooks). A Release waits for its workloads,
 * and nodes may still be joining, hence the long timeout.
 * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
 */
const RELEASE_TIMEOUT_SECONDS = 1200;

/**
 * Add-ons namespaces: `baseline` enforced (ingress-nginx binds ports below 1024 with
 * NET_BIND_SERVICE), `restricted` warned and audited.
 */
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

function release(
  name: string,
  chart: (typeof CHARTS)[keyof typeof CHARTS],
  version: string,
  values: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): Release {
  const namespace = addonNamespace(`${name}-namespace`, chart.namespace, opts);
  return new Release(
    name,
    {
      name: chart.chart,
      chart: chart.chart,
      version,
      repositoryOpts: { repo: chart.repo },
      namespace: namespace.metadata.name,
      values,
      timeout: RELEASE_TIMEOUT_SECONDS,
    },
    opts,
  );
}

/** Installs what `spec` asks for; an add-on the cluster already runs is only named. */
export function clusterAddons(
  name: string,
  spec: AddonsSpec,
  ingress: IngressFacts,
  address: IngressAddress | undefined,
  opts: pulumi.CustomResourceOptions,
): ClusterAddons {
  const ingressNginx =
    spec.ingressNginx &&
    release(
      `${name}-ingress-nginx`,
      CHARTS.ingressNginx,
      spec.ingressNginx.chartVersion,
      ingressNginxValues(ingress, address?.service),
      { ...opts, dependsOn: [...(address?.dependsOn ?? [])] },
    );
  const certManager =
    spec.certManager &&
    release(
      `${name}-cert-manager`,
      CHARTS.certManager,
      spec.certManager.chartVersion,
      certManagerValues(),
      opts,
    );
  if (spec.kyverno) {
    const kyverno = release(
      `${name}-kyverno`,
      CHARTS.kyverno,
      spec.kyverno.chartVersion,
      kyvernoValues(),
      opts,
    );
    for (const policy of kyvernoPolicies()) {
      // The ClusterPolicy CRD and the webhook that checks policies come with the chart.
      new CustomResource(`${name}-${policy.metadata.name}`, policy, {
        ...opts,
        dependsOn: [kyverno],
      });
    }
  }
  const issuer = spec.issuer;
  const clusterIssuer =
    issuer.kind === "letsEncrypt"
      ? new CustomResource(
          `${name}-issuer`,
          letsEncryptIssuerManifest(issuer, ingress),
          // The issuer's CRD and webhook come with cert-manager.
          { ...opts, dependsOn: certManager ? [certManager] : [] },
        )
      : undefined;
  return {
    ingressReady: ingressNginx ? [ingressNginx] : [],
    issuer: {
      name: issuerName(issuer),
      solvesHttp01: issuer.kind === "letsEncrypt",
      ready: clusterIssuer ? [clusterIssuer] : certManager ? [certManager] : [],
    },
  };
}
