import { ADMISSION_RULES } from "./admission-policies";

/**
 * What holds each guardrail of verify/guardrails in the cluster, for the objects tenants create
 * themselves: Pod Security Admission (`restricted`, on every tenant namespace), RBAC (the rights
 * tenants are given), each tenant's backup Schedule, the scheduler, or one of the program's
 * admission policies (admission-policies.ts, which name the guardrails they hold). A test keeps this list and the guardrails in step.
 */

export type Enforcer =
  "pod-security-admission" | "rbac" | "admission-policy" | "backup-schedule" | "scheduler";

const POD_SECURITY: readonly string[] = [
  "no-privileged-containers",
  "no-host-namespaces",
  "no-host-path",
  "no-host-ports",
  "no-added-capabilities",
  "no-privilege-escalation",
  "run-as-non-root",
  "seccomp-runtime-default",
];

/** Guardrail id → what refuses a tenant's object breaking it. */
export const IN_CLUSTER: Readonly<Record<string, Enforcer>> = Object.fromEntries([
  ...POD_SECURITY.map((id) => [id, "pod-security-admission"] as const),
  // Tenants' admin role cannot create cluster-wide bindings.
  ["no-cluster-role-binding-to-tenants", "rbac"] as const,
  // Each tenant's Schedule takes in its whole namespace: a claim a tenant adds is backed up too.
  ["volumes-backed-up", "backup-schedule"] as const,
  // A pod whose claim does not exist is never scheduled: it waits, and reads no one else's data.
  ["claims-provided", "scheduler"] as const,
  ...ADMISSION_RULES.flatMap((rule) =>
    rule.guardrails.map((id) => [id, "admission-policy"] as const),
  ),
]);
