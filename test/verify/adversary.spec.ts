import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ORDINARY, tenantJudge, verify } from "../../verify";
import { inventoryOf } from "../../verify/inventory";
import { manifests, renderOk, type Manifest } from "../helpers/render";

/**
 * The adversary over the dev render: every request a tenant's admins could make to break
 * isolation is stopped by some layer, and taking a layer away shows.
 */

const tenantNamespaces = (objects: Manifest[]): string[] =>
  objects
    .filter(
      (o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"] !== undefined,
    )
    .map((o) => o.metadata.name);
const groupsOf = (objects: Manifest[], namespace: string): string[] =>
  (
    objects.find((o) => o.kind === "Namespace" && o.metadata.name === namespace)?.metadata
      .annotations?.["tenancy.dev/groups"] ?? ""
  ).split(",");

/** The objects with one tenant's object of `kind` changed. */
const changing = (
  objects: Manifest[],
  kind: string,
  tenant: string,
  change: (o: Manifest) => Manifest,
): Manifest[] =>
  objects.map((o) =>
    o.kind === kind && o.metadata.labels?.["tenancy.dev/tenant"] === tenant ? change(o) : o,
  );

describe("the adversary", () => {
  let objects: Manifest[] = [];
  before(() => {
    objects = manifests(renderOk("dev"));
  });
  const judge = (list: Manifest[]) => verify(list);
  const openTo = (verdict: ReturnType<typeof verify>, tenant: string) =>
    verdict.violations
      .filter((v) => v.kind === "adversary" && v.tenant === tenant)
      .map((v) => v.message);

  it("finds every attempt of every tenant stopped", () => {
    const verdict = judge(objects);
    assert.ok(verdict.adversary.length >= 3 * 30, String(verdict.adversary.length));
    assert.deepEqual(
      verdict.adversary.filter((r) => r.stoppedBy === undefined),
      [],
    );
    assert.deepEqual(
      verdict.violations.filter((v) => v.kind === "adversary"),
      [],
    );
  });

  it("admits the ordinary requests each attempt departs from, so each is stopped for its one change", () => {
    const inventory = inventoryOf(objects);
    for (const namespace of tenantNamespaces(objects)) {
      const judge = tenantJudge(inventory, namespace);
      for (const [name, request] of Object.entries(ORDINARY)) {
        assert.equal(
          judge.judge({ id: name, title: name, request }),
          undefined,
          `${namespace}: ${name}`,
        );
      }
    }
  });

  it("names the attempts that get through once a policy's binding is gone", () => {
    const without = objects.filter(
      (o) =>
        !(o.kind === "ValidatingAdmissionPolicyBinding" && o.metadata.name === "tenancy-services"),
    );
    // A LoadBalancer Service is still refused by the quota; externalIPs by nothing else.
    assert.deepEqual(openTo(judge(without), "contoso"), [
      "tenant contoso's admins could take traffic for other addresses with externalIPs: no layer stops it",
    ]);
  });

  it("names what Pod Security alone stops once the namespace enforces nothing (HostProcess needs a system account, which the pods policy refuses too)", () => {
    const without = changing(objects, "Namespace", "contoso", (o) => ({
      ...o,
      metadata: {
        ...o.metadata,
        labels: { ...o.metadata.labels, "pod-security.kubernetes.io/enforce": "privileged" },
      },
    }));
    assert.deepEqual(openTo(judge(without), "contoso"), [
      "tenant contoso's admins could run a privileged container: no layer stops it",
      "tenant contoso's admins could share the node's network: no layer stops it",
      "tenant contoso's admins could mount the node's disk: no layer stops it",
    ]);
  });

  it("names every kind a tenant could create without end once its quota counts are gone (pods too: the pods key counts running ones only)", () => {
    const without = changing(objects, "ResourceQuota", "contoso", (o) => ({
      ...o,
      spec: {
        hard: Object.fromEntries(
          Object.entries((o.spec as { hard: Record<string, string> }).hard).filter(
            ([key]) => !key.startsWith("count/") || key === "count/daemonsets.apps",
          ),
        ),
      },
    }));
    assert.deepEqual(openTo(judge(without), "contoso"), [
      "tenant contoso's admins could create configmaps, cronjobs.batch, deployments.apps, events, horizontalpodautoscalers.autoscaling, ingresses.networking.k8s.io, jobs.batch, leases.coordination.k8s.io, networkpolicies.networking.k8s.io, poddisruptionbudgets.policy, pods, replicasets.apps, replicationcontrollers, resourceclaims.resource.k8s.io, resourceclaimtemplates.resource.k8s.io, rolebindings.rbac.authorization.k8s.io, roles.rbac.authorization.k8s.io, secrets, serviceaccounts, statefulsets.apps without end: the quota caps no count of them",
    ]);
  });

  it("holds against a binding that hands the tenant's groups a wider role", () => {
    const namespace = tenantNamespaces(objects)[0] ?? "";
    const group = groupsOf(objects, namespace)[0] ?? "";
    const binding = (kind: string, extra: Record<string, unknown>) =>
      ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind,
        metadata: { name: "wide", ...extra },
        roleRef: { kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ kind: "Group", name: group }],
      }) as unknown as Manifest;
    // Bound cluster-wide, cluster-admin opens what RBAC alone stopped: the verdict says so.
    const tenant =
      objects.find((o) => o.kind === "Namespace" && o.metadata.name === namespace)?.metadata
        .labels?.["tenancy.dev/tenant"] ?? "";
    const open = openTo(judge([...objects, binding("ClusterRoleBinding", {})]), tenant);
    for (const title of [
      "raise its own quota",
      "bind a role cluster-wide",
      "unbind an admission policy",
    ]) {
      assert.ok(
        open.some((m) => m.includes(title)),
        `${title} in ${open.join("\n")}`,
      );
    }
  });

  it("applies RBAC's escalation rule: a Role granting bind on ClusterRoles lets the tenant bind cluster-admin", () => {
    const namespace = tenantNamespaces(objects)[0] ?? "";
    const group = groupsOf(objects, namespace)[0] ?? "";
    const tenant =
      objects.find((o) => o.kind === "Namespace" && o.metadata.name === namespace)?.metadata
        .labels?.["tenancy.dev/tenant"] ?? "";
    const role = {
      kind: "Role",
      metadata: { name: "binder", namespace },
      rules: [
        {
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["clusterroles"],
          resourceNames: ["cluster-admin"],
          verbs: ["bind"],
        },
      ],
    } as unknown as Manifest;
    const binding = {
      kind: "RoleBinding",
      metadata: { name: "binder", namespace },
      roleRef: { kind: "Role", name: "binder" },
      subjects: [{ kind: "Group", name: group }],
    } as unknown as Manifest;
    assert.ok(
      openTo(judge([...objects, role, binding]), tenant).some((m) =>
        m.includes("bind one of its service accounts to cluster-admin"),
      ),
    );
  });

  it("judges a tenant's own routes by the hostnames policy once a Role lets it write them", () => {
    const namespace = objects.find(
      (o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"] === "contoso",
    );
    const group = (namespace?.metadata.annotations?.["tenancy.dev/groups"] ?? "").split(",")[0];
    const ns = namespace?.metadata.name ?? "";
    const role = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "route-editors", namespace: ns },
      rules: [
        { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: ["*"] },
      ],
    } as unknown as Manifest;
    const binding = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "route-editors", namespace: ns },
      roleRef: { kind: "Role", name: "route-editors" },
      subjects: [{ kind: "Group", name: group }],
    } as unknown as Manifest;
    const results = judge([...objects, role, binding]).adversary.filter(
      (r) => r.tenant === "contoso" && r.attempt.startsWith("route-"),
    );
    assert.deepEqual(
      results.map((r) => r.stoppedBy),
      ["admission:tenancy-route-hostnames", "admission:tenancy-route-hostnames"],
    );
  });
});
