import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IN_CLUSTER, kyvernoPolicies } from "../../components/cluster/admission";
import { namespaceManifest } from "../../components/tenant/namespace";
import { GUARDRAILS } from "../../verify";
import { testTenant } from "../helpers/tenants";

/** What holds each guardrail in the cluster, for the objects tenants create themselves. */

describe("admission", () => {
  const policies = kyvernoPolicies();

  it("names an in-cluster enforcer for every guardrail, and none for a rule that is not one", () => {
    assert.deepEqual(Object.keys(IN_CLUSTER).sort(), GUARDRAILS.map((g) => g.id).sort());
  });

  it("has a Kyverno policy for every guardrail left to Kyverno", () => {
    const covered = new Set(
      policies.flatMap((p) => p.metadata.annotations["tenancy.dev/guardrails"]?.split(",") ?? []),
    );
    const kyverno = Object.entries(IN_CLUSTER)
      .filter(([, enforcer]) => enforcer === "kyverno")
      .map(([id]) => id);
    assert.deepEqual(
      kyverno.filter((id) => !covered.has(id)),
      [],
    );
  });

  it("leaves the rest to Pod Security Admission, which every tenant namespace enforces at restricted", () => {
    const manifest = namespaceManifest(testTenant("contoso"), { flows: [] });
    const labels = (manifest.metadata as { labels: Record<string, string> }).labels;
    assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
  });

  it("enforces every rule, in tenant namespaces only", () => {
    for (const policy of policies) {
      const rules = policy.spec.rules as {
        match: { any: { resources: { namespaceSelector: unknown } }[] };
        validate: { failureAction: string };
      }[];
      for (const rule of rules) {
        assert.equal(rule.validate.failureAction, "Enforce", policy.metadata.name);
        for (const { resources } of rule.match.any) {
          assert.deepEqual(
            resources.namespaceSelector,
            { matchExpressions: [{ key: "tenancy.dev/tenant", operator: "Exists" }] },
            policy.metadata.name,
          );
        }
      }
    }
  });
});
