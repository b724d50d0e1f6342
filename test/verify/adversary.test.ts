import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { verify } from "../../verify";
import { manifests, renderOk, type Manifest } from "../helpers/render";

/**
 * The adversary over the dev render: every request a tenant's admins could make to break
 * isolation is stopped by some layer, and taking a layer away shows.
 */

describe("the adversary", () => {
  let objects: Manifest[] = [];
  before(() => {
    objects = manifests(renderOk("dev"));
  });
  const judge = (list: Manifest[]) => verify(list);

  it("finds every attempt of every tenant stopped", () => {
    const verdict = judge(objects);
    assert.ok(verdict.adversary.length >= 3 * 20, String(verdict.adversary.length));
    assert.deepEqual(
      verdict.adversary.filter((r) => r.stoppedBy === undefined),
      [],
    );
    assert.deepEqual(
      verdict.violations.filter((v) => v.kind === "adversary"),
      [],
    );
  });

  it("names the attempts that get through once a policy's binding is gone", () => {
    const without = objects.filter(
      (o) =>
        !(o.kind === "ValidatingAdmissionPolicyBinding" && o.metadata.name === "tenancy-services"),
    );
    const open = judge(without)
      .violations.filter((v) => v.kind === "adversary" && v.tenant === "contoso")
      .map((v) => v.message);
    assert.deepEqual(open, [
      "tenant contoso's admins could expose a LoadBalancer Service: neither RBAC nor an admission policy stops it",
      "tenant contoso's admins could take traffic for other addresses with externalIPs: neither RBAC nor an admission policy stops it",
    ]);
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
