import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  declaredFlows,
  inventoryOf,
  isolationViolations,
  reachability,
  type Flow,
  type KubernetesObject,
} from "../../verify";
import { denyAll, networkPolicy, tenantNamespace, workload } from "../helpers/objects";

/** Judging a tenant's flows against what its namespace declares. */

const APP_FLOW: Flow = { from: "t/web", to: "t/database", port: "TCP/1433" };

function tenant(flows: readonly Flow[] | undefined, extra: KubernetesObject[] = []) {
  const objects = [
    tenantNamespace("t", flows),
    workload("t", "web", { app: "web" }),
    workload("t", "database", { app: "database" }, { ports: [{ containerPort: 1433 }] }),
    denyAll("t", "Ingress", "Egress"),
    networkPolicy("t", {
      podSelector: { matchLabels: { app: "database" } },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 1433 }] },
      ],
    }),
    networkPolicy("t", {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Egress"],
      egress: [
        { to: [{ podSelector: { matchLabels: { app: "database" } } }], ports: [{ port: 1433 }] },
      ],
    }),
    ...extra,
  ];
  const inventory = inventoryOf(objects);
  return isolationViolations(inventory, reachability(inventory));
}

describe("isolation violations", () => {
  it("none when the policies allow exactly what the tenant declares", () => {
    assert.deepEqual(tenant([APP_FLOW]), []);
  });

  it("a flow the policies allow but the tenant does not declare", () => {
    const violations = tenant([]);
    assert.deepEqual(
      violations.map((v) => [v.kind, v.flow]),
      [["undeclared", APP_FLOW]],
    );
  });

  it("a declared flow the policies block", () => {
    const dns: Flow = { from: "t/web", to: "kube-system/kube-dns", port: "UDP/53" };
    assert.deepEqual(
      tenant([APP_FLOW, dns]).map((v) => [v.kind, v.flow]),
      [["blocked", dns]],
    );
  });

  it("a tenant namespace without a declaration cannot be judged", () => {
    const violations = tenant(undefined);
    assert.deepEqual(
      violations.map((v) => v.kind),
      ["no-declaration"],
    );
    assert.match(violations[0]?.message ?? "", /has no tenancy.dev\/allowed-flows annotation/);
  });

  it("reads declarations strictly", () => {
    assert.deepEqual(declaredFlows(JSON.stringify([APP_FLOW])), [APP_FLOW]);
    assert.equal(declaredFlows("[{"), "tenancy.dev/allowed-flows is not JSON");
    assert.equal(
      declaredFlows('[{"from":"t/web"}]'),
      "tenancy.dev/allowed-flows must be a JSON array of {from, to, port}",
    );
  });
});
