/**
 * The Pod Security Standards a namespace enforces (`pod-security.kubernetes.io/enforce`), judged
 * on a Pod as the API server's PodSecurity admission does, control by control. Windows pods
 * (`spec.os.name: windows`) are exempt from the Linux-only controls of the restricted level, as in
 * Kubernetes since 1.25. Pure.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";
export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
  appArmorProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  windowsOptions?: { hostProcess?: boolean };
  sysctls?: { name?: string }[];
}
interface Container {
  ports?: { hostPort?: number }[];
  securityContext?: SecurityContext;
}
export interface PodSpec {
  os?: { name?: string };
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  volumes?: Record<string, unknown>[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
}

const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const SELINUX_TYPES = new Set([
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);
const RESTRICTED_VOLUMES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

interface Control {
  readonly name: string;
  readonly level: Exclude<PodSecurityLevel, "privileged">;
  /** Not judged on Windows pods. */
  readonly linuxOnly?: true;
  readonly holds: (spec: PodSpec, containers: readonly Container[]) => boolean;
}

const contexts = (spec: PodSpec, containers: readonly Container[]): SecurityContext[] => [
  spec.securityContext ?? {},
  ...containers.map((c) => c.securityContext ?? {}),
];
/** A container's setting, or the pod's where the container leaves it out. */
const effective = <K extends keyof SecurityContext>(
  spec: PodSpec,
  container: Container,
  key: K,
): SecurityContext[K] => container.securityContext?.[key] ?? spec.securityContext?.[key];

const CONTROLS: readonly Control[] = [
  {
    name: "HostProcess",
    level: "baseline",
    holds: (s, cs) => contexts(s, cs).every((c) => c.windowsOptions?.hostProcess !== true),
  },
  {
    name: "Host Namespaces",
    level: "baseline",
    holds: (s) => s.hostNetwork !== true && s.hostPID !== true && s.hostIPC !== true,
  },
  {
    name: "Privileged Containers",
    level: "baseline",
    holds: (_, cs) => cs.every((c) => c.securityContext?.privileged !== true),
  },
  {
    name: "Capabilities",
    level: "baseline",
    holds: (_, cs) =>
      cs.every((c) =>
        (c.securityContext?.capabilities?.add ?? []).every((cap) => BASELINE_CAPABILITIES.has(cap)),
      ),
  },
  {
    name: "HostPath Volumes",
    level: "baseline",
    holds: (s) => (s.volumes ?? []).every((v) => !("hostPath" in v)),
  },
  {
    name: "Host Ports",
    level: "baseline",
    holds: (_, cs) => cs.every((c) => (c.ports ?? []).every((p) => (p.hostPort ?? 0) === 0)),
  },
  {
    name: "AppArmor",
    level: "baseline",
    holds: (s, cs) => contexts(s, cs).every((c) => c.appArmorProfile?.type !== "Unconfined"),
  },
  {
    name: "SELinux",
    level: "baseline",
    holds: (s, cs) =>
      contexts(s, cs).every(
        (c) =>
          c.seLinuxOptions === undefined ||
          ((c.seLinuxOptions.type === undefined ||
            c.seLinuxOptions.type === "" ||
            SELINUX_TYPES.has(c.seLinuxOptions.type)) &&
            c.seLinuxOptions.user === undefined &&
            c.seLinuxOptions.role === undefined),
      ),
  },
  {
    name: "/proc Mount Type",
    level: "baseline",
    holds: (_, cs) => cs.every((c) => (c.securityContext?.procMount ?? "Default") === "Default"),
  },
  {
    name: "Seccomp",
    level: "baseline",
    holds: (s, cs) => contexts(s, cs).every((c) => c.seccompProfile?.type !== "Unconfined"),
  },
  {
    name: "Sysctls",
    level: "baseline",
    holds: (s) => (s.securityContext?.sysctls ?? []).every((x) => SAFE_SYSCTLS.has(x.name ?? "")),
  },
  {
    name: "Volume Types",
    level: "restricted",
    holds: (s) =>
      (s.volumes ?? []).every((v) =>
        Object.keys(v).every((k) => k === "name" || RESTRICTED_VOLUMES.has(k)),
      ),
  },
  {
    name: "Privilege Escalation",
    level: "restricted",
    linuxOnly: true,
    holds: (_, cs) => cs.every((c) => c.securityContext?.allowPrivilegeEscalation === false),
  },
  {
    name: "Running as Non-root",
    level: "restricted",
    linuxOnly: true,
    holds: (s, cs) =>
      cs.every((c) => effective(s, c, "runAsNonRoot") === true) &&
      contexts(s, cs).every((c) => c.runAsNonRoot !== false),
  },
  {
    name: "Running as Non-root user",
    level: "restricted",
    linuxOnly: true,
    holds: (s, cs) => contexts(s, cs).every((c) => c.runAsUser !== 0),
  },
  {
    name: "Seccomp (restricted)",
    level: "restricted",
    linuxOnly: true,
    holds: (s, cs) =>
      cs.every((c) => {
        const type = effective(s, c, "seccompProfile")?.type;
        return type === "RuntimeDefault" || type === "Localhost";
      }),
  },
  {
    name: "Capabilities (restricted)",
    level: "restricted",
    linuxOnly: true,
    holds: (_, cs) =>
      cs.every(
        (c) =>
          (c.securityContext?.capabilities?.drop ?? []).includes("ALL") &&
          (c.securityContext?.capabilities?.add ?? []).every((cap) => cap === "NET_BIND_SERVICE"),
      ),
  },
];

/** The controls of `level` a pod fails; empty when PodSecurity admits it. */
export function podSecurityFailures(level: PodSecurityLevel, spec: PodSpec): string[] {
  if (level === "privileged") return [];
  const windows = spec.os?.name === "windows";
  const containers = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
  return CONTROLS.filter(
    (c) =>
      (level === "restricted" || c.level === "baseline") &&
      !(windows && c.linuxOnly) &&
      !c.holds(spec, containers),
  ).map((c) => c.name);
}
