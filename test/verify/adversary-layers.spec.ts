import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { podSecurityFailures, type PodSpec } from "../../verify/adversary/pod-security";
import { creatable, rightsOf, BUILT_IN_ROLES } from "../../verify/adversary/rbac";
import type { KubernetesObject } from "../../verify/inventory";

/** A Linux pod that the restricted level admits, and a Windows one. */
const linux = (more: Partial<PodSpec> = {}, container: Record<string, unknown> = {}): PodSpec => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      ...container,
    },
  ],
  ...more,
});
const windows = (more: Partial<PodSpec> = {}): PodSpec => ({
  os: { name: "windows" },
  securityContext: { windowsOptions: {} },
  containers: [{}],
  ...more,
});

describe("Pod Security Standards", () => {
  it("admits the restricted baselines: a hardened Linux pod, and a Windows pod without Linux fields", () => {
    assert.deepEqual(podSecurityFailures("restricted", linux()), []);
    assert.deepEqual(podSecurityFailures("restricted", windows()), []);
  });

  const denied: {
    name: string;
    level: "baseline" | "restricted";
    spec: PodSpec;
    control: string;
  }[] = [
    {
      name: "host network",
      level: "baseline",
      spec: linux({ hostNetwork: true }),
      control: "Host Namespaces",
    },
    {
      name: "host PID",
      level: "baseline",
      spec: linux({ hostPID: true }),
      control: "Host Namespaces",
    },
    {
      name: "privileged",
      level: "baseline",
      spec: linux({}, { securityContext: { privileged: true } }),
      control: "Privileged Containers",
    },
    {
      name: "SYS_ADMIN",
      level: "baseline",
      spec: linux({}, { securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }),
      control: "Capabilities",
    },
    {
      name: "hostPath",
      level: "baseline",
      spec: linux({ volumes: [{ name: "h", hostPath: { path: "/" } }] }),
      control: "HostPath Volumes",
    },
    {
      name: "hostPort",
      level: "baseline",
      spec: linux({}, { ports: [{ hostPort: 80 }] }),
      control: "Host Ports",
    },
    {
      name: "HostProcess on Windows",
      level: "baseline",
      spec: windows({ securityContext: { windowsOptions: { hostProcess: true } } }),
      control: "HostProcess",
    },
    {
      name: "unconfined seccomp",
      level: "baseline",
      spec: linux({
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "Unconfined" } },
      }),
      control: "Seccomp",
    },
    {
      name: "unsafe sysctl",
      level: "baseline",
      spec: linux({
        securityContext: { ...linux().securityContext, sysctls: [{ name: "kernel.msgmax" }] },
      }),
      control: "Sysctls",
    },
    {
      name: "/proc unmasked",
      level: "baseline",
      spec: linux({}, { securityContext: { procMount: "Unmasked" } }),
      control: "/proc Mount Type",
    },
    {
      name: "an NFS volume",
      level: "restricted",
      spec: linux({ volumes: [{ name: "n", nfs: { server: "x", path: "/" } }] }),
      control: "Volume Types",
    },
    {
      name: "escalation allowed",
      level: "restricted",
      spec: linux({}, { securityContext: { capabilities: { drop: ["ALL"] } } }),
      control: "Privilege Escalation",
    },
    {
      name: "root",
      level: "restricted",
      spec: linux({
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 0,
          seccompProfile: { type: "RuntimeDefault" },
        },
      }),
      control: "Running as Non-root user",
    },
    {
      name: "no seccomp profile",
      level: "restricted",
      spec: linux({ securityContext: { runAsNonRoot: true } }),
      control: "Seccomp (restricted)",
    },
    {
      name: "capabilities kept",
      level: "restricted",
      spec: linux({}, { securityContext: { allowPrivilegeEscalation: false } }),
      control: "Capabilities (restricted)",
    },
  ];
  for (const c of denied) {
    it(`refuses ${c.name} at ${c.level} (${c.control})`, () => {
      assert.ok(podSecurityFailures(c.level, c.spec).includes(c.control));
      assert.deepEqual(podSecurityFailures("privileged", c.spec), []);
      if (c.level === "restricted") assert.deepEqual(podSecurityFailures("baseline", c.spec), []);
    });
  }
});

const binding = (
  kind: string,
  role: string,
  group: string,
  namespace?: string,
): KubernetesObject => ({
  kind,
  metadata: { name: "b", ...(namespace !== undefined ? { namespace } : {}) },
  roleRef: { kind: "ClusterRole", name: role },
  subjects: [{ kind: "Group", name: group }],
});

describe("RBAC as data", () => {
  it("gives admin in one namespace writes there only, and nothing cluster-wide", () => {
    const rights = rightsOf([binding("RoleBinding", "admin", "g", "a")], ["g"]);
    assert.ok(rights.allows("a", "create", "", "pods"));
    assert.ok(rights.allows("a", "impersonate", "", "serviceaccounts"));
    assert.ok(!rights.allows("b", "create", "", "pods"));
    assert.ok(
      !rights.allows(undefined, "create", "rbac.authorization.k8s.io", "clusterrolebindings"),
    );
    assert.ok(!rights.allows("a", "update", "", "resourcequotas"));
    assert.ok(!rights.allows("a", "update", "", "namespaces"));
    assert.ok(!rights.allows("a", "patch", "", "pods/ephemeralcontainers"));
  });

  it("lets no other group use the binding", () => {
    assert.ok(
      !rightsOf([binding("RoleBinding", "admin", "g", "a")], ["h"]).allows(
        "a",
        "create",
        "",
        "pods",
      ),
    );
  });

  it("widens admin by a ClusterRole that aggregates into edit", () => {
    const aggregated = {
      kind: "ClusterRole",
      metadata: {
        name: "addon-edit",
        labels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" },
      },
      rules: [{ apiGroups: ["example.com"], resources: ["widgets"], verbs: ["create"] }],
    } as KubernetesObject;
    const rights = rightsOf([binding("RoleBinding", "admin", "g", "a"), aggregated], ["g"]);
    assert.ok(rights.allows("a", "create", "example.com", "widgets"));
    assert.ok(creatable(rights.rulesIn("a")).includes("widgets.example.com"));
  });

  it("counts a rule limited to resource names as granting, and bindings to service account groups", () => {
    const role = {
      kind: "Role",
      metadata: { name: "quota-editor", namespace: "a" },
      rules: [
        {
          apiGroups: [""],
          resources: ["resourcequotas"],
          resourceNames: ["tenant-quota"],
          verbs: ["update"],
        },
      ],
    } as KubernetesObject;
    const toAccounts = {
      kind: "RoleBinding",
      metadata: { name: "b", namespace: "a" },
      roleRef: { kind: "Role", name: "quota-editor" },
      subjects: [{ kind: "Group", name: "system:serviceaccounts:a" }],
    } as KubernetesObject;
    const rights = rightsOf([role, toAccounts], ["system:serviceaccounts:a"]);
    assert.ok(rights.allows("a", "update", "", "resourcequotas"));
  });

  it("counts what a binding to every authenticated user grants, cluster-wide", () => {
    const rights = rightsOf([binding("ClusterRoleBinding", "view", "system:authenticated")], ["g"]);
    assert.ok(rights.allows("any", "get", "", "pods"));
  });

  it("lists the stored kinds admin may create, without subresources or requests", () => {
    const kinds = creatable(BUILT_IN_ROLES.admin ?? []);
    for (const kind of [
      "pods",
      "secrets",
      "events",
      "leases.coordination.k8s.io",
      "roles.rbac.authorization.k8s.io",
    ]) {
      assert.ok(kinds.includes(kind), kind);
    }
    assert.ok(kinds.every((k) => !k.includes("/") && !k.startsWith("localsubjectaccessreviews")));
  });
});
