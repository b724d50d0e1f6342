import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { admissionRules } from "../../components/cluster/admission-policies";
import type { Verdict } from "../../verify";
import { refusals } from "../helpers/admission";
import { manifests } from "../helpers/render";
import { makeProject, renderCli, tempDir } from "../helpers/project";
import { problemsOf, validateConfig } from "../helpers/validate";
import { ADDONS, ADMINS, CATALOG_BASE, GKE_CLUSTER } from "../helpers/tenants";

/**
 * GKE documents no NetworkPolicy enforcement on Windows nodes. Two tenants' Windows pods in one
 * GKE stack are refused unless the stack accepts the risk; accepted, the render says so first and
 * the proof names the flows left open between them.
 */

const gkeStack = (accept?: boolean) => ({
  "tenancy:environment": "test",
  "tenancy:platform": "gke",
  "tenancy:region": "europe-west1",
  "tenancy:allowlist": ["203.0.113.0/24"],
  "tenancy:addons": ADDONS,
  "tenancy:cluster": {
    ...GKE_CLUSTER,
    releaseChannel: "STABLE",
    ...(accept === undefined ? {} : { acceptUnpolicedWindowsPods: accept }),
  },
});
const twoTenants = {
  tenants: [
    { name: "alpha", admins: ADMINS },
    { name: "beta", admins: ADMINS },
  ],
};

describe("Windows tenants on GKE", () => {
  it("refuses two tenants' Windows pods in one GKE stack unless the risk is accepted", () => {
    assert.deepEqual(problemsOf(validateConfig(gkeStack(), twoTenants)), [
      "tenancy:cluster.acceptUnpolicedWindowsPods: GKE documents no NetworkPolicy enforcement on Windows nodes, so the Windows pods of this stack's 2 tenants could reach each other: run one tenant per GKE cluster, run them on AKS (Calico on Windows2022), or set acceptUnpolicedWindowsPods: true to accept the risk",
    ]);
    assert.equal(validateConfig(gkeStack(true), twoTenants).ok, true);
    assert.equal(validateConfig(gkeStack(), { tenants: [twoTenants.tenants[0]] }).ok, true);
  });

  it("accepted, says so first in the report, and the proof names the open flows", () => {
    const project = makeProject({
      stacks: { shared: gkeStack(true) },
      catalogs: { test: { domain: "test.example.com", ...CATALOG_BASE, ...twoTenants } },
    });
    const out = tempDir();
    const run = renderCli("shared", out, project);
    // The render writes everything and reports the problems; `npm run verify` fails on them.
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /isolation or guardrail problems/);
    const report = fs.readFileSync(path.join(out, "report.md"), "utf8");
    const warnings = report.slice(report.indexOf("## Warnings"));
    assert.match(
      warnings.split("\n")[2] ?? "",
      /^- Accepted risk \(tenancy:cluster\.acceptUnpolicedWindowsPods\)/,
    );
    const verdict = JSON.parse(
      fs.readFileSync(path.join(out, "isolation.json"), "utf8"),
    ) as Verdict;
    const crossing = verdict.violations.filter((v) => v.kind === "cross-tenant");
    assert.ok(
      crossing.some((v) => v.flow?.from === "alpha/web" && v.flow.to === "beta/web"),
      crossing.map((v) => v.message).join("\n"),
    );
    // The platform's own egress rules in tenant namespaces pass a GKE cluster's node-address rule.
    const egressRule = admissionRules("gke").find((r) => r.name === "egress");
    assert.ok(egressRule);
    const inTenants = (o: { metadata: { namespace?: string } }) =>
      ["alpha", "beta"].includes(o.metadata.namespace ?? "");
    for (const policy of manifests(out).filter((o) => o.kind === "NetworkPolicy" && inTenants(o))) {
      const request = {
        operation: "CREATE" as const,
        group: "networking.k8s.io",
        resource: "networkpolicies",
        object: policy,
        namespaceObject: { metadata: { name: policy.metadata.namespace } },
        userInfo: { username: "pulumi-deployer" },
      };
      assert.deepEqual(
        refusals(egressRule, request),
        [],
        `${String(policy.metadata.namespace)}/${policy.metadata.name}`,
      );
    }
    assert.deepEqual([...verdict.unpoliced].sort(), [
      "alpha/services",
      "alpha/web",
      "beta/services",
      "beta/web",
    ]);
  });
});
