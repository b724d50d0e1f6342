import type { Inventory } from "../inventory";
import { claimsProvided, volumesBackedUp } from "./backups";
import { tenantNamespaces } from "../isolation";
import {
  clusterIpServicesOnly,
  defaultDeny,
  noClusterRoleBindingToTenants,
  quotaAndLimitRange,
} from "./namespaces";
import {
  allowedRegistries,
  noAddedCapabilities,
  noHostNamespaces,
  noHostPathVolumes,
  noHostPorts,
  noPrivilegedContainers,
  noPrivilegeEscalation,
  pinnedImages,
  requestsAndLimits,
  runAsNonRoot,
  seccompRuntimeDefault,
} from "./pods";
import type { Guardrail, GuardrailResult } from "./types";

export type { Finding, Guardrail, GuardrailContext, GuardrailResult } from "./types";

/**
 * Every guardrail, in the order reports list them. Controls name the Multi-Tenancy Benchmark
 * (Profile Level 1) id where a benchmark exists, and the Pod Security Standards control.
 * @see https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const GUARDRAILS: readonly Guardrail[] = [
  {
    id: "no-privileged-containers",
    title: "No privileged containers",
    controls: [
      "MTB-PL1-BC-CPI-5 Block privileged containers",
      "PSS baseline: Privileged Containers",
    ],
    check: noPrivilegedContainers,
  },
  {
    id: "no-host-namespaces",
    title: "No host network, PID or IPC",
    controls: [
      "MTB-PL1-BC-HI-3 Block use of host networking and ports",
      "MTB-PL1-BC-HI-4 Block use of host PID",
      "MTB-PL1-BC-HI-5 Block use of host IPC",
      "PSS baseline: Host Namespaces",
    ],
    check: noHostNamespaces,
  },
  {
    id: "no-host-path",
    title: "No hostPath volumes",
    controls: ["MTB-PL1-BC-HI-1 Block use of bind mounts", "PSS baseline: HostPath Volumes"],
    check: noHostPathVolumes,
  },
  {
    id: "no-host-ports",
    title: "No host ports",
    controls: [
      "MTB-PL1-BC-HI-3 Block use of host networking and ports",
      "PSS baseline: Host Ports",
    ],
    check: noHostPorts,
  },
  {
    id: "no-added-capabilities",
    title: "No added capabilities",
    controls: ["MTB-PL1-BC-CPI-3 Block add capabilities", "PSS baseline: Capabilities"],
    check: noAddedCapabilities,
  },
  {
    id: "no-privilege-escalation",
    title: "No privilege escalation (Linux)",
    controls: [
      "MTB-PL1-BC-CPI-6 Block privilege escalation",
      "PSS restricted: Privilege Escalation",
    ],
    check: noPrivilegeEscalation,
  },
  {
    id: "run-as-non-root",
    title: "Non-root (Linux) or non-admin runAsUserName (Windows)",
    controls: [
      "MTB-PL1-BC-CPI-4 Require running as non-root user",
      "PSS restricted: Running as Non-root",
    ],
    check: runAsNonRoot,
  },
  {
    id: "seccomp-runtime-default",
    title: "Seccomp RuntimeDefault (Linux)",
    controls: ["PSS restricted: Seccomp"],
    check: seccompRuntimeDefault,
  },
  {
    id: "requests-and-limits",
    title: "CPU and memory requests and limits on every container",
    controls: ["MTB-PL1-CC-FNS-1 Configure namespace resource quotas"],
    check: requestsAndLimits,
  },
  {
    id: "quota-and-limit-range",
    title: "ResourceQuota and LimitRange in every tenant namespace",
    controls: ["MTB-PL1-CC-FNS-1 Configure namespace resource quotas"],
    check: quotaAndLimitRange,
  },
  {
    id: "cluster-ip-services-only",
    title: "No NodePort, LoadBalancer or ExternalName Services in tenant namespaces",
    controls: [
      "MTB-PL1-BC-HI-2 Block use of NodePort services",
      "CVE-2021-25740: ExternalName Services as a confused deputy",
    ],
    check: clusterIpServicesOnly,
  },
  {
    id: "no-cluster-role-binding-to-tenants",
    title: "No ClusterRoleBinding to a tenant's users, groups or service accounts",
    controls: ["MTB-PL1-CC-CPI-1 Block access to cluster resources"],
    check: noClusterRoleBindingToTenants,
  },
  {
    id: "default-deny",
    title: "Default-deny ingress and egress in every tenant namespace",
    controls: ["MTB-PL1-BC-NI-1 Default deny network connections across tenants"],
    check: defaultDeny,
  },
  {
    id: "allowed-registries",
    title: "Images only from the tenant's registries",
    controls: ["tenancy: namespace annotation tenancy.dev/allowed-registries"],
    check: allowedRegistries,
  },
  {
    id: "pinned-images",
    title: "Images pinned to a version tag or digest",
    controls: ["tenancy: no `latest`, no untagged images"],
    check: pinnedImages,
  },
  {
    id: "volumes-backed-up",
    title: "Every tenant volume is in a backup schedule",
    controls: ["tenancy: tenant data recoverable (Velero)"],
    check: volumesBackedUp,
  },
  {
    id: "claims-provided",
    title: "Every claim a tenant's pods mount is declared or restored",
    controls: ["tenancy: tenant data present where its pods run"],
    check: claimsProvided,
  },
];

/** Runs every guardrail over the objects; tenant namespaces are those with the tenant label. */
export function runGuardrails(
  inventory: Inventory,
  guardrails: readonly Guardrail[] = GUARDRAILS,
): GuardrailResult[] {
  const context = { inventory, tenants: tenantNamespaces(inventory) };
  return guardrails.map(({ id, title, controls, check }) => {
    const findings = check(context);
    return { id, title, controls, passed: findings.length === 0, findings };
  });
}
export * from "./cloud";
