import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GUARDRAILS, inventoryOf, runGuardrails, type KubernetesObject } from "../../verify";
import { denyAll, tenantNamespace } from "../helpers/objects";

/**
 * Each guardrail against a tenant that meets every rule, then against that tenant with one thing
 * broken: the broken copy must fail exactly the rule that names it, and no other.
 */

// Fixtures are edited in place by path, one break a case; typing every path would hide what each
// case breaks, so they are untyped here.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
type Mutable = Record<string, any>;

const linuxPod = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 10001,
    seccompProfile: { type: "RuntimeDefault" },
  },
  containers: [
    {
      name: "database",
      image: "registry.example.com/sql:2022",
      ports: [{ containerPort: 1433 }],
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
  ],
  volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
};
const windowsPod = {
  os: { name: "windows" },
  securityContext: { windowsOptions: { runAsUserName: "ContainerUser" } },
  containers: [
    {
      name: "web",
      image: "registry.example.com/web:10.4@sha256:" + "a".repeat(64),
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    },
  ],
};
const deployment = (name: string, spec: object): KubernetesObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "t" },
  spec: { template: { metadata: { labels: { app: name } }, spec } },
});

function compliantTenant(): Mutable[] {
  return structuredClone([
    tenantNamespace("t"),
    deployment("database", linuxPod),
    deployment("web", windowsPod),
    { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "t" }, spec: {} },
    { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q", namespace: "t" }, spec: {} },
    { apiVersion: "v1", kind: "LimitRange", metadata: { name: "l", namespace: "t" }, spec: {} },
    denyAll("t", "Ingress", "Egress"),
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "t" },
      spec: {},
    },
    {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name: "t", namespace: "velero" },
      spec: { schedule: "0 1 * * *", template: { includedNamespaces: ["t"] } },
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "admins", namespace: "t" },
      roleRef: { kind: "ClusterRole", name: "admin" },
      subjects: [{ kind: "Group", name: "team-t" }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "platform" },
      roleRef: { kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "Group", name: "platform-team" }],
    },
  ]);
}

const find = (objects: Mutable[], kind: string, name: string): Mutable => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind}/${name}`);
  return found;
};
const pod = (objects: Mutable[], name: string): Mutable =>
  find(objects, "Deployment", name).spec.template.spec;
const container = (objects: Mutable[], name: string): Mutable => pod(objects, name).containers[0];

const failing = (objects: readonly Mutable[]): string[] =>
  runGuardrails(inventoryOf(objects as KubernetesObject[]))
    .filter((r) => !r.passed)
    .map((r) => r.id);

/** The claim `data` brought by a restore of the namespace instead of declared. */
function restoredInstead(objects: Mutable[]): void {
  objects.splice(
    objects.findIndex((x) => x.kind === "PersistentVolumeClaim"),
    1,
  );
  objects.push({
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name: "t-from-elsewhere", namespace: "velero" },
    spec: { scheduleName: "t-elsewhere", includedNamespaces: ["t"] },
  });
}

const BREAKS: [string, string, (o: Mutable[]) => void][] = [
  [
    "a pod mounting a claim nothing makes",
    "claims-provided",
    (o) => (pod(o, "web").volumes = [{ name: "f", persistentVolumeClaim: { claimName: "files" } }]),
  ],
  [
    "a claim mounted but neither declared nor restored",
    "claims-provided",
    (o) =>
      o.splice(
        o.findIndex((x) => x.kind === "PersistentVolumeClaim"),
        1,
      ),
  ],
  [
    "a restore that brings no claims",
    "claims-provided",
    (o) => {
      restoredInstead(o);
      find(o, "Restore", "t-from-elsewhere").spec.includedResources = ["secrets"];
    },
  ],
  [
    "a restored claim in no schedule",
    "volumes-backed-up",
    (o) => {
      restoredInstead(o);
      find(o, "Schedule", "t").spec.template.includedNamespaces = ["u"];
    },
  ],
  [
    "a schedule of another namespace",
    "volumes-backed-up",
    (o) => (find(o, "Schedule", "t").spec.template.includedNamespaces = ["u"]),
  ],
  [
    "a schedule that leaves out claims",
    "volumes-backed-up",
    (o) => (find(o, "Schedule", "t").spec.template.excludedResources = ["persistentvolumeclaims"]),
  ],
  [
    "a schedule of every namespace but this one",
    "volumes-backed-up",
    (o) =>
      Object.assign(find(o, "Schedule", "t").spec.template, {
        includedNamespaces: ["*"],
        excludedNamespaces: ["t"],
      }),
  ],
  ["a paused schedule", "volumes-backed-up", (o) => (find(o, "Schedule", "t").spec.paused = true)],
  [
    "a schedule that selects by label",
    "volumes-backed-up",
    (o) => (find(o, "Schedule", "t").spec.template.labelSelector = { matchLabels: { a: "b" } }),
  ],
  [
    "a schedule without volumes",
    "volumes-backed-up",
    (o) => (find(o, "Schedule", "t").spec.template.snapshotVolumes = false),
  ],
  [
    "a privileged container",
    "no-privileged-containers",
    (o) => (container(o, "database").securityContext.privileged = true),
  ],
  ["hostNetwork", "no-host-namespaces", (o) => (pod(o, "database").hostNetwork = true)],
  ["hostPID", "no-host-namespaces", (o) => (pod(o, "database").hostPID = true)],
  ["hostIPC", "no-host-namespaces", (o) => (pod(o, "web").hostIPC = true)],
  [
    "a hostPath volume",
    "no-host-path",
    (o) => (pod(o, "database").volumes = [{ name: "h", hostPath: { path: "/" } }]),
  ],
  ["a host port", "no-host-ports", (o) => (container(o, "database").ports[0].hostPort = 1433)],
  [
    "an added capability",
    "no-added-capabilities",
    (o) => (container(o, "database").securityContext.capabilities.add = ["NET_ADMIN"]),
  ],
  [
    "privilege escalation left on (Linux)",
    "no-privilege-escalation",
    (o) => delete container(o, "database").securityContext.allowPrivilegeEscalation,
  ],
  [
    "uid 0 (Linux)",
    "run-as-non-root",
    (o) => (container(o, "database").securityContext.runAsUser = 0),
  ],
  [
    "no runAsNonRoot (Linux)",
    "run-as-non-root",
    (o) => delete pod(o, "database").securityContext.runAsNonRoot,
  ],
  [
    "ContainerAdministrator (Windows)",
    "run-as-non-root",
    (o) =>
      (container(o, "web").securityContext = {
        windowsOptions: { runAsUserName: "ContainerAdministrator" },
      }),
  ],
  ["no runAsUserName (Windows)", "run-as-non-root", (o) => delete pod(o, "web").securityContext],
  [
    "seccomp Unconfined (Linux)",
    "seccomp-runtime-default",
    (o) => (container(o, "database").securityContext.seccompProfile = { type: "Unconfined" }),
  ],
  [
    "no memory limit",
    "requests-and-limits",
    (o) => delete container(o, "web").resources.limits.memory,
  ],
  [
    "no LimitRange",
    "quota-and-limit-range",
    (o) => o.splice(o.indexOf(find(o, "LimitRange", "l")), 1),
  ],
  [
    "a NodePort Service",
    "cluster-ip-services-only",
    (o) => (find(o, "Service", "web").spec.type = "NodePort"),
  ],
  [
    "an ExternalName Service",
    "cluster-ip-services-only",
    (o) => (find(o, "Service", "web").spec.type = "ExternalName"),
  ],
  [
    "a ClusterRoleBinding to the tenant's group",
    "no-cluster-role-binding-to-tenants",
    (o) =>
      find(o, "ClusterRoleBinding", "platform").subjects.push({ kind: "Group", name: "team-t" }),
  ],
  [
    "a ClusterRoleBinding to a tenant service account",
    "no-cluster-role-binding-to-tenants",
    (o) =>
      find(o, "ClusterRoleBinding", "platform").subjects.push({
        kind: "ServiceAccount",
        name: "default",
        namespace: "t",
      }),
  ],
  [
    "no default deny",
    "default-deny",
    (o) =>
      o.splice(
        o.findIndex((x) => x.kind === "NetworkPolicy"),
        1,
      ),
  ],
  [
    "an image from another registry",
    "allowed-registries",
    (o) => (container(o, "web").image = "docker.io/library/nginx:1.27"),
  ],
  [
    "an image on latest",
    "pinned-images",
    (o) => (container(o, "database").image = "registry.example.com/sql:latest"),
  ],
];

describe("guardrails", () => {
  it("a tenant that meets every rule passes all of them", () => {
    assert.deepEqual(failing(compliantTenant()), []);
  });

  it("a claim a restore brings instead of the render passes every rule", () => {
    const objects = compliantTenant();
    restoredInstead(objects);
    assert.deepEqual(failing(objects), []);
  });

  for (const [what, rule, breakIt] of BREAKS) {
    it(`${what} fails ${rule}, and only it`, () => {
      const objects = compliantTenant();
      breakIt(objects);
      assert.deepEqual(failing(objects), [rule]);
    });
  }

  it("every rule is broken by at least one case", () => {
    assert.deepEqual(
      [...new Set(BREAKS.map(([, rule]) => rule))].sort(),
      GUARDRAILS.map((g) => g.id).sort(),
    );
  });

  it("every rule names the controls it implements", () => {
    for (const g of GUARDRAILS) assert.ok(g.controls.length > 0, g.id);
  });

  it("judges tenants' namespaces only", () => {
    const objects = compliantTenant();
    const system = structuredClone(
      deployment("agent", { hostNetwork: true, containers: [{ name: "a", image: "x" }] }),
    );
    (system.metadata as Mutable).namespace = "kube-system";
    assert.deepEqual(failing([...objects, system]), []);
  });

  it("names the object and the container at fault", () => {
    const objects = compliantTenant();
    container(objects, "database").securityContext.privileged = true;
    const result = runGuardrails(inventoryOf(objects as KubernetesObject[])).find(
      (r) => r.id === "no-privileged-containers",
    );
    assert.deepEqual(result?.findings, [
      { object: "Deployment t/database container database", message: "runs privileged" },
    ]);
  });
});
