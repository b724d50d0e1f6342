import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ContainerResources } from "../../stacks/catalog/tiers";
import type { Os, Placement } from "../cluster/placement";
import { COMPONENT_LABEL, INSTANCE_LABEL, componentLabels, type Component } from "./application";

/**
 * What every application pod shares: a service account of its own with no API token, the
 * placement of its OS, and the security context Pod Security `restricted` admits.
 */

type PodSpec = k8s.types.input.core.v1.PodSpec;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

/**
 * The user Windows containers run as: the non-admin account of Microsoft's base images.
 * @see https://learn.microsoft.com/en-us/virtualization/windowscontainers/manage-containers/container-security#when-to-use-containeradmin-and-containeruser-user-accounts
 */
export const WINDOWS_USER = "ContainerUser";

/** The uid SQL Server's Linux image runs as (user `mssql`). */
export const DATABASE_UID = 10001;

/** Labels a component's workload selects its pods by; never changed once created. */
export function selectorLabels(tenant: string, component: Component): Record<string, string> {
  return { [COMPONENT_LABEL]: component, [INSTANCE_LABEL]: tenant };
}

export function serviceAccountManifest(
  tenant: string,
  component: Component,
  namespace: pulumi.Input<string>,
): k8s.core.v1.ServiceAccountArgs {
  return {
    metadata: { name: component, namespace, labels: componentLabels(tenant, component) },
    // None of the application's pods talks to the Kubernetes API.
    automountServiceAccountToken: false,
  };
}

/**
 * Pod spec fields of a `component` pod running on `os`. Windows pods declare their OS, which
 * exempts them from the Linux-only controls (the API refuses those fields on Windows pods).
 * @see https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod
 */
export function podBase(component: Component, os: Os, placement: Placement): PodSpec {
  const security: PodSpec["securityContext"] =
    os === "windows"
      ? { runAsNonRoot: true, windowsOptions: { runAsUserName: WINDOWS_USER } }
      : {
          runAsNonRoot: true,
          runAsUser: DATABASE_UID,
          runAsGroup: DATABASE_UID,
          fsGroup: DATABASE_UID,
          seccompProfile: { type: "RuntimeDefault" },
        };
  return {
    serviceAccountName: component,
    automountServiceAccountToken: false,
    // Service links would put every Service of the namespace into each container's environment.
    enableServiceLinks: false,
    os: { name: os },
    nodeSelector: { ...placement.nodeSelector },
    tolerations: placement.tolerations.map((toleration) => ({ ...toleration })),
    securityContext: security,
    containers: [],
  };
}

/** Container-level security: Linux drops every capability; Windows has none of these fields. */
export function containerSecurity(os: Os): SecurityContext | undefined {
  return os === "linux"
    ? { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } }
    : undefined;
}

export function containerResources(
  resources: ContainerResources,
): k8s.types.input.core.v1.ResourceRequirements {
  return { requests: { ...resources.requests }, limits: { ...resources.limits } };
}
