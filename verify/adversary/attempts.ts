import type { AdmissionRequest } from "../admission";
import type { KubernetesObject } from "../inventory";

/**
 * What a tenant's admins could try, to break isolation or to take more than their share. Each
 * attempt is an ordinary request (`ORDINARY`, which every layer admits) changed in one way, so a
 * layer that stops it stops that one change. Pure data.
 */

export type Request = Omit<AdmissionRequest, "namespaceObject" | "userInfo">;

/** What an attempt needs to know of the tenant it is made as, and of a victim. */
export interface TenantView {
  readonly namespace: string;
  readonly registry: string;
  /** A StorageClass the tenant may claim volumes of. */
  readonly storageClass: string;
  /** The node selectors every pod of the tenant must have (its pools'). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Another tenant's namespace (or a made-up one when there is none). */
  readonly victimNamespace: string;
  /** A host of another tenant (or a made-up one when there is none). */
  readonly victimHost: string;
  /** A NetworkPolicy of the platform's in the tenant's namespace, when there is one. */
  readonly platformObject?: KubernetesObject;
}

export interface Attempt {
  readonly id: string;
  readonly title: string;
  /** Where it is made: the tenant's own namespace, the edge's, or cluster-wide. */
  readonly where?: "edge" | "cluster";
  /** As one of the namespace's service accounts, which the `admin` role may impersonate. */
  readonly asServiceAccount?: true;
  /** Made only where the platform has an object of its own in the namespace to act on. */
  readonly onPlatformObject?: true;
  /**
   * Made only where the tenant has pools of its own (required node selectors): on an existing
   * cluster the pools are not the platform's to separate.
   */
  readonly onTenantPools?: true;
  readonly request: (t: TenantView) => Request;
}

const meta = (name: string, labels: Record<string, string> = {}) => ({ name, labels });

/** A container and a pod that PodSecurity `restricted` and every admission rule admit. */
const windowsContainer = (t: TenantView) => ({
  name: "app",
  image: `${t.registry}/app:1.0`,
  imagePullPolicy: "Always",
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } },
});
const container = (t: TenantView, more: Record<string, unknown> = {}) => ({
  ...windowsContainer(t),
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
  ...more,
});
const podSpec = (t: TenantView, spec: Record<string, unknown> = {}, more = {}) => ({
  nodeSelector: { ...t.nodeSelector },
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [container(t, more)],
  ...spec,
});
/** A Windows pod has none of the Linux fields; it runs as the unprivileged ContainerUser. */
const windowsSpec = (t: TenantView, spec: Record<string, unknown> = {}) => ({
  os: { name: "windows" },
  nodeSelector: { ...t.nodeSelector },
  securityContext: { windowsOptions: { runAsUserName: "ContainerUser" } },
  containers: [windowsContainer(t)],
  ...spec,
});
const create = (group: string, resource: string, object: Record<string, unknown>): Request => ({
  operation: "CREATE",
  group,
  resource,
  object,
});
const pod = (t: TenantView, spec: Record<string, unknown> = {}, more = {}): Request =>
  create("", "pods", { kind: "Pod", metadata: meta("p"), spec: podSpec(t, spec, more) });
const windowsPod = (t: TenantView, spec: Record<string, unknown> = {}): Request =>
  create("", "pods", { kind: "Pod", metadata: meta("w"), spec: windowsSpec(t, spec) });
const policy = (egress: unknown[]): Request =>
  create("networking.k8s.io", "networkpolicies", {
    kind: "NetworkPolicy",
    metadata: meta("open"),
    spec: { podSelector: {}, policyTypes: ["Egress"], egress },
  });

/** Requests every layer admits for a tenant: the baseline each attempt changes. */
export const ORDINARY: Readonly<Record<string, (t: TenantView) => Request>> = {
  pod: (t) => pod(t),
  windowsPod: (t) => windowsPod(t),
  service: () =>
    create("", "services", {
      kind: "Service",
      metadata: meta("s"),
      spec: { ports: [{ port: 80 }] },
    }),
  networkPolicy: () => policy([{ to: [{ podSelector: {} }] }]),
  roleBinding: (t) =>
    create("rbac.authorization.k8s.io", "rolebindings", {
      kind: "RoleBinding",
      metadata: meta("b"),
      subjects: [{ kind: "ServiceAccount", name: "default", namespace: t.namespace }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    }),
  secret: () => create("", "secrets", { kind: "Secret", metadata: meta("t"), type: "Opaque" }),
  claim: (t) =>
    create("", "persistentvolumeclaims", {
      kind: "PersistentVolumeClaim",
      metadata: meta("v"),
      spec: { storageClassName: t.storageClass },
    }),
  disruptionBudget: () =>
    create("policy", "poddisruptionbudgets", {
      kind: "PodDisruptionBudget",
      metadata: meta("b"),
      spec: { maxUnavailable: 1, selector: {} },
    }),
};

const deleteOf = (object: KubernetesObject | undefined): Request => ({
  operation: "DELETE",
  group: "networking.k8s.io",
  resource: "networkpolicies",
  object: null,
  oldObject: object,
});

export const ATTEMPTS: readonly Attempt[] = [
  {
    id: "service-load-balancer",
    title: "expose a LoadBalancer Service",
    request: () =>
      create("", "services", {
        metadata: meta("s"),
        spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
      }),
  },
  {
    id: "service-external-ips",
    title: "take traffic for other addresses with externalIPs",
    request: () =>
      create("", "services", {
        metadata: meta("s"),
        spec: { ports: [{ port: 80 }], externalIPs: ["20.0.0.1"] },
      }),
  },
  {
    id: "route-foreign-host",
    title: "route another tenant's host",
    request: (t) =>
      create("gateway.networking.k8s.io", "httproutes", {
        metadata: meta("r"),
        spec: { hostnames: [t.victimHost] },
      }),
  },
  {
    id: "route-wildcard",
    title: "route every host of the domain",
    request: (t) =>
      create("gateway.networking.k8s.io", "httproutes", {
        metadata: meta("r"),
        spec: { hostnames: [`*.${t.victimHost.split(".").slice(1).join(".")}`] },
      }),
  },
  {
    id: "ingress",
    title: "claim a host with an Ingress",
    request: (t) =>
      create("networking.k8s.io", "ingresses", {
        metadata: meta("i"),
        spec: { rules: [{ host: t.victimHost }] },
      }),
  },
  {
    id: "gateway",
    title: "run a Gateway of its own",
    request: () =>
      create("gateway.networking.k8s.io", "gateways", { metadata: meta("g"), spec: {} }),
  },
  {
    id: "edge-listeners",
    title: "add listeners in the edge's namespace",
    where: "edge",
    request: () =>
      create("gateway.networking.k8s.io", "listenersets", { metadata: meta("l"), spec: {} }),
  },
  {
    id: "certificate",
    title: "ask cert-manager for a certificate",
    request: (t) =>
      create("cert-manager.io", "certificates", {
        metadata: meta("c"),
        spec: { dnsNames: [t.victimHost] },
      }),
  },
  {
    id: "delete-platform-policy",
    title: "delete the platform's default-deny policy",
    onPlatformObject: true,
    request: (t) => deleteOf(t.platformObject),
  },
  {
    id: "delete-platform-policy-as-service-account",
    title: "delete the platform's default-deny policy as one of its service accounts",
    onPlatformObject: true,
    asServiceAccount: true,
    request: (t) => deleteOf(t.platformObject),
  },
  {
    id: "relabel-platform-policy",
    title: "take the platform's label off its policy, to delete it after",
    onPlatformObject: true,
    request: (t) => ({
      operation: "UPDATE",
      group: "networking.k8s.io",
      resource: "networkpolicies",
      object: { ...t.platformObject, metadata: meta("default-deny") },
      oldObject: t.platformObject,
    }),
  },
  {
    id: "egress-metadata",
    title: "open egress to the node's metadata service",
    request: () => policy([{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }]),
  },
  { id: "pod-node-name", title: "pin a pod to a node", request: (t) => pod(t, { nodeName: "n" }) },
  {
    id: "pod-system-pool",
    title: "run a pod on the system pool, beside the add-ons",
    onTenantPools: true,
    request: (t) => pod(t, { nodeSelector: { "kubernetes.io/os": "linux" } }),
  },
  {
    id: "pod-other-pool",
    title: "tolerate another tier's pool",
    request: (t) =>
      pod(t, {
        tolerations: [
          { key: "tenancy.dev/tier", operator: "Equal", value: "x", effect: "NoSchedule" },
        ],
      }),
  },
  {
    id: "pod-foreign-image",
    title: "run an image from another registry",
    request: (t) => pod(t, {}, { image: "docker.io/attacker/miner:1.0" }),
  },
  {
    id: "pod-cached-image",
    title: "run a private image cached on the node without pulling it",
    request: (t) => pod(t, {}, { imagePullPolicy: "IfNotPresent" }),
  },
  {
    id: "pod-windows-system",
    title: "run a Windows pod as SYSTEM",
    request: (t) =>
      windowsPod(t, {
        securityContext: { windowsOptions: { runAsUserName: "NT AUTHORITY\\SYSTEM" } },
      }),
  },
  {
    id: "pod-privileged",
    title: "run a privileged container",
    request: (t) =>
      pod(t, {}, { securityContext: { allowPrivilegeEscalation: false, privileged: true } }),
  },
  {
    id: "pod-host-network",
    title: "share the node's network",
    request: (t) => pod(t, { hostNetwork: true }),
  },
  {
    id: "pod-host-path",
    title: "mount the node's disk",
    request: (t) => pod(t, { volumes: [{ name: "root", hostPath: { path: "/" } }] }),
  },
  {
    id: "pod-host-process",
    title: "run a Windows HostProcess container, as the node",
    request: (t) =>
      windowsPod(t, {
        hostNetwork: true,
        securityContext: {
          windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\SYSTEM" },
        },
      }),
  },
  {
    id: "pod-priority",
    title: "preempt other tenants' pods with a system priority class",
    request: (t) => pod(t, { priorityClassName: "system-node-critical" }),
  },
  {
    id: "pod-fence",
    title: "keep other tenants' databases off its nodes with anti-affinity across namespaces",
    request: (t) =>
      pod(t, {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                topologyKey: "kubernetes.io/hostname",
                namespaceSelector: {},
                labelSelector: { matchLabels: { "app.kubernetes.io/component": "database" } },
              },
            ],
          },
        },
      }),
  },
  {
    id: "pod-inline-volume",
    title: "mount a file share by name with an inline CSI volume",
    request: (t) =>
      pod(t, {
        volumes: [
          {
            name: "share",
            csi: {
              driver: "file.csi.azure.com",
              volumeAttributes: { storageAccount: "another", shareName: "data" },
            },
          },
        ],
      }),
  },
  {
    id: "undrainable",
    title: "stall every drain of its nodes with a budget that lets no pod go",
    request: () =>
      create("policy", "poddisruptionbudgets", {
        kind: "PodDisruptionBudget",
        metadata: meta("b"),
        spec: { maxUnavailable: 0, selector: {} },
      }),
  },
  {
    id: "scale-platform-database",
    title: "scale the platform's database to zero through its scale subresource",
    request: (t) => ({
      operation: "UPDATE",
      group: "apps",
      resource: "statefulsets/scale",
      object: {
        kind: "Scale",
        metadata: { name: "database", namespace: t.namespace },
        spec: { replicas: 0 },
      },
    }),
  },
  {
    id: "daemon-set",
    title: "run a pod on every node with a DaemonSet",
    request: (t) =>
      create("apps", "daemonsets", {
        kind: "DaemonSet",
        metadata: meta("d"),
        spec: { template: { metadata: meta("d"), spec: podSpec(t) } },
      }),
  },
  {
    id: "claim-retained-volume",
    title: "mount a retained volume by name",
    request: () =>
      create("", "persistentvolumeclaims", {
        metadata: meta("v"),
        spec: { volumeName: "pvc-of-a-removed-tenant" },
      }),
  },
  {
    id: "claim-foreign-files",
    title: "claim a share in another tenant's storage account, through its files class",
    request: (t) =>
      create("", "persistentvolumeclaims", {
        metadata: meta("v"),
        spec: { storageClassName: `tenancy-files-${t.victimNamespace}` },
      }),
  },
  {
    id: "bind-outsiders",
    title: "grant its rights to every authenticated user",
    request: () =>
      create("rbac.authorization.k8s.io", "rolebindings", {
        metadata: meta("b"),
        subjects: [{ kind: "Group", name: "system:authenticated" }],
        roleRef: { kind: "ClusterRole", name: "edit" },
      }),
  },
  {
    id: "bind-cluster-admin",
    title: "bind one of its service accounts to cluster-admin in its namespace",
    request: (t) =>
      create("rbac.authorization.k8s.io", "rolebindings", {
        metadata: meta("b"),
        subjects: [{ kind: "ServiceAccount", name: "default", namespace: t.namespace }],
        roleRef: { kind: "ClusterRole", name: "cluster-admin" },
      }),
  },
  {
    id: "token-secret",
    title: "mint a long-lived service account token",
    request: () =>
      create("", "secrets", { metadata: meta("t"), type: "kubernetes.io/service-account-token" }),
  },
  {
    id: "raise-quota",
    title: "raise its own quota",
    request: (t) => ({
      operation: "UPDATE",
      group: "",
      resource: "resourcequotas",
      object: { metadata: { name: "quota", namespace: t.namespace } },
    }),
  },
  {
    id: "cluster-binding",
    title: "bind a role cluster-wide",
    where: "cluster",
    request: () =>
      create("rbac.authorization.k8s.io", "clusterrolebindings", { metadata: meta("c") }),
  },
  {
    id: "admission-exemption",
    title: "unbind an admission policy",
    where: "cluster",
    request: () => ({
      operation: "DELETE",
      group: "admissionregistration.k8s.io",
      resource: "validatingadmissionpolicybindings",
      object: null,
    }),
  },
  {
    id: "relabel-namespace",
    title: "change its namespace's labels and annotations",
    where: "cluster",
    request: (t) => ({
      operation: "UPDATE",
      group: "",
      resource: "namespaces",
      object: { metadata: meta(t.namespace) },
    }),
  },
];
