import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IN_CLUSTER } from "../../components/cluster/admission";
import { namespaceManifest } from "../../components/tenant/namespace";
import { GUARDRAILS } from "../../verify";
import { testTenant } from "../helpers/tenants";

/** What holds each guardrail in the cluster, for the objects tenants create themselves. */

describe("admission", () => {
  it("names an in-cluster enforcer for every guardrail, and none for a rule that is not one", () => {
    assert.deepEqual(Object.keys(IN_CLUSTER).sort(), GUARDRAILS.map((g) => g.id).sort());
  });

  it("leaves the rest to Pod Security Admission, which every tenant namespace enforces at restricted", () => {
    const manifest = namespaceManifest(testTenant("contoso"), { flows: [] });
    const labels = (manifest.metadata as { labels: Record<string, string> }).labels;
    assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
  });
});
