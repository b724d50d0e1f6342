import { ALLOWED } from "../../components/labels";
import { fromRegistry, parseImage, unpinnedReason } from "../../stacks/fields/images";
import {
  annotationList,
  containersOf,
  type Container,
  type SecurityContext,
  type Workload,
} from "../inventory";
import type { Finding, GuardrailContext } from "./types";

/**
 * Rules over tenants' pod templates, one function each. Each names the Multi-Tenancy Benchmark
 * (MTB) and Pod Security Standard (PSS) control it implements in its guardrail entry.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * @see https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks
 */

const isWindows = (w: Workload): boolean =>
  w.spec.os?.name === "windows" || w.spec.nodeSelector?.["kubernetes.io/os"] === "windows";

const tenantWorkloads = (context: GuardrailContext): Workload[] =>
  context.inventory.workloads.filter((w) => context.tenants.has(w.namespace));

const where = (w: Workload, container?: Container): string =>
  `${w.kind} ${w.id}${container ? ` container ${container.name ?? "?"}` : ""}`;

/** A container's setting, else the pod's: how the kubelet resolves them. */
function effective<K extends keyof SecurityContext>(
  w: Workload,
  container: Container,
  key: K,
): SecurityContext[K] | undefined {
  return container.securityContext?.[key] ?? w.spec.securityContext?.[key];
}

/** `check` on every container of every tenant workload, with the OS it runs on. */
function eachContainer(
  context: GuardrailContext,
  check: (w: Workload, c: Container, windows: boolean) => string | undefined,
): Finding[] {
  return tenantWorkloads(context).flatMap((w) =>
    containersOf(w.spec).flatMap((c) => {
      const message = check(w, c, isWindows(w));
      return message === undefined ? [] : [{ object: where(w, c), message }];
    }),
  );
}

export function noPrivilegedContainers(context: GuardrailContext): Finding[] {
  return eachContainer(context, (_w, c) =>
    c.securityContext?.privileged === true ? "runs privileged" : undefined,
  );
}

export function noHostNamespaces(context: GuardrailContext): Finding[] {
  return tenantWorkloads(context).flatMap((w) =>
    (["hostNetwork", "hostPID", "hostIPC"] as const)
      .filter((key) => w.spec[key] === true)
      .map((key) => ({ object: where(w), message: `sets ${key}: true` })),
  );
}

export function noHostPathVolumes(context: GuardrailContext): Finding[] {
  return tenantWorkloads(context).flatMap((w) =>
    (w.spec.volumes ?? [])
      .filter((v) => v.hostPath !== undefined)
      .map((v) => ({ object: where(w), message: `mounts hostPath volume ${v.name ?? "?"}` })),
  );
}

export function noHostPorts(context: GuardrailContext): Finding[] {
  return eachContainer(context, (_w, c) => {
    const bound = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0).map((p) => p.hostPort);
    return bound.length > 0 ? `binds host port ${bound.join(", ")}` : undefined;
  });
}

export function noAddedCapabilities(context: GuardrailContext): Finding[] {
  return eachContainer(context, (_w, c) => {
    const added = c.securityContext?.capabilities?.add ?? [];
    return added.length > 0 ? `adds capabilities ${added.join(", ")}` : undefined;
  });
}

/** Linux only: Windows has no such setting, and PSS exempts Windows pods. */
export function noPrivilegeEscalation(context: GuardrailContext): Finding[] {
  return eachContainer(context, (_w, c, windows) =>
    !windows && c.securityContext?.allowPrivilegeEscalation !== false
      ? "does not set allowPrivilegeEscalation: false"
      : undefined,
  );
}

/** Windows has no uid: a Windows container runs as a named user, never an administrator. */
const WINDOWS_ADMINS = new Set(["containeradministrator", "administrator"]);

export function runAsNonRoot(context: GuardrailContext): Finding[] {
  return eachContainer(context, (w, c, windows) => {
    if (windows) {
      const user = effective(w, c, "windowsOptions")?.runAsUserName;
      if (user === undefined)
        return "sets no windowsOptions.runAsUserName (defaults to the image's user)";
      return WINDOWS_ADMINS.has(user.toLowerCase()) ? `runs as ${user}` : undefined;
    }
    if (effective(w, c, "runAsUser") === 0) return "runs as uid 0";
    return effective(w, c, "runAsNonRoot") === true ? undefined : "does not set runAsNonRoot: true";
  });
}

const SECCOMP_CONFINED = new Set(["RuntimeDefault", "Localhost"]);

/** Linux only: Windows has no seccomp. */
export function seccompRuntimeDefault(context: GuardrailContext): Finding[] {
  return eachContainer(context, (w, c, windows) => {
    if (windows) return undefined;
    const type = effective(w, c, "seccompProfile")?.type;
    return type !== undefined && SECCOMP_CONFINED.has(type)
      ? undefined
      : `seccomp profile is ${type ?? "unset"}, not RuntimeDefault`;
  });
}

const RESOURCES = ["cpu", "memory"] as const;

export function requestsAndLimits(context: GuardrailContext): Finding[] {
  return eachContainer(context, (_w, c) => {
    const missing = (["requests", "limits"] as const).flatMap((kind) =>
      RESOURCES.filter((r) => c.resources?.[kind]?.[r] === undefined).map((r) => `${kind}.${r}`),
    );
    return missing.length > 0 ? `sets no ${missing.join(", ")}` : undefined;
  });
}

export function allowedRegistries(context: GuardrailContext): Finding[] {
  return eachContainer(context, (w, c) => {
    const registries = annotationList(
      context.inventory.namespaces.get(w.namespace),
      ALLOWED.registries,
    );
    const parsed = parseImage(c.image ?? "");
    if (!parsed.ok) return parsed.reason;
    return registries.some((r) => fromRegistry(parsed.image, r))
      ? undefined
      : `image ${c.image ?? ""} is from none of the namespace's registries (${registries.join(", ") || "none listed"})`;
  });
}

export function pinnedImages(context: GuardrailContext): Finding[] {
  return eachContainer(context, (_w, c) => {
    const parsed = parseImage(c.image ?? "");
    if (!parsed.ok) return parsed.reason;
    const reason = unpinnedReason(parsed.image);
    return reason === undefined ? undefined : `image ${c.image ?? ""} ${reason}`;
  });
}
