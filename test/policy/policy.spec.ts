import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { policies } from "../../policy/policies";
import { runPolicies, type StackResource } from "../../policy/run";
import { AKS_CLUSTER, GUARDRAILS, CLOUD_RULES } from "../../verify";
import { renderOk, resources } from "../helpers/render";

// Edits reach into manifests by path, one a case; typing each path would hide what it breaks.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access */
type Manifest = Record<string, any>;

/** The policy pack's validation functions, called as the engine calls them, on a real render. */

describe("policy pack", () => {
  let dev: StackResource[] = [];

  before(() => {
    dev = resources(renderOk("dev"));
  });

  /** The dev render with `edit` applied to a copy of the resource of `type` named `name`. */
  function devWith(type: string, name: string, edit: (inputs: Manifest) => void): StackResource[] {
    return dev.map((r) => {
      if (r.type !== type || r.name !== name) return r;
      const inputs = structuredClone(r.inputs);
      edit(inputs);
      return { ...r, inputs };
    });
  }

  it("has one policy per guardrail and cloud rule, plus the isolation check", () => {
    assert.equal(policies.length, GUARDRAILS.length + CLOUD_RULES.length + 1);
    assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
  });

  it("passes the dev stack as rendered", async () => {
    assert.deepEqual(await runPolicies(dev), []);
  });

  it("rejects a privileged pod, naming the workload and container", async () => {
    const privileged = devWith("kubernetes:apps/v1:Deployment", "contoso-web", (inputs) => {
      inputs.spec.template.spec.containers[0].securityContext = { privileged: true };
    });
    const violations = await runPolicies(privileged);
    assert.deepEqual(
      violations.filter((v) => v.policy === "tenancy-no-privileged-containers"),
      [
        {
          policy: "tenancy-no-privileged-containers",
          message: "Deployment contoso/web container web runs privileged",
        },
      ],
    );
  });

  it("rejects a peer that opens a tenant's database to every namespace", async () => {
    const opened = devWith(
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "contoso-database-from-app",
      (inputs) => {
        inputs.spec.ingress[0].from = [{ namespaceSelector: {} }];
      },
    );
    const violations = (await runPolicies(opened)).filter((v) => v.policy === "tenancy-isolation");
    assert.ok(violations.length > 0);
    assert.ok(
      violations.every(
        (v) => v.message.startsWith("undeclared: ") && v.message.includes("→ contoso/database"),
      ),
      JSON.stringify(violations),
    );
  });

  it("rejects an AKS cluster without a network policy engine, on that resource", async () => {
    const cluster = dev.find((r) => r.type === AKS_CLUSTER);
    assert.ok(cluster);
    const withoutEngine = devWith(AKS_CLUSTER, cluster.name, (inputs) => {
      delete inputs.networkProfile.networkPolicy;
    });
    assert.deepEqual(
      (await runPolicies(withoutEngine)).map((v) => [v.policy, v.urn]),
      [["tenancy-aks-network-policy-engine", cluster.urn]],
    );
  });
});
