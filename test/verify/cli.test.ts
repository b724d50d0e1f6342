import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import {
  admissionBindingManifest,
  admissionPolicyManifest,
  admissionRules,
} from "../../components/cluster/admission-policies";
import type { Verdict } from "../../verify";
import { REPO, tempDir } from "../helpers/project";

/** `npm run verify -- <dir>` as a pipeline runs it: JSON on stdout, exit status, table on stderr. */

const FIXTURE = path.join(REPO, "test", "fixtures", "crossing-tenants");

function verifyCli(...dirs: string[]) {
  const run = spawnSync(
    process.execPath,
    ["--require", "tsx/cjs", path.join(REPO, "scripts", "verify.ts"), ...dirs],
    { encoding: "utf8" },
  );
  return { status: run.status, verdict: JSON.parse(run.stdout) as Verdict, stderr: run.stderr };
}

/**
 * The fixture as a cluster dump, with the platform's admission policies beside it (without them
 * the adversary finds tenants' admins free to break isolation); `repair` gives tenant b's
 * database its own web pods alone.
 */
function dump(repair = false): string {
  const dir = tempDir();
  for (const file of fs.readdirSync(FIXTURE)) {
    const text = fs.readFileSync(path.join(FIXTURE, file), "utf8");
    const repaired = text.replace(
      /\n *# The mistake under test.*\n( *)- namespaceSelector: \{\}\n *podSelector:/,
      "\n$1- podSelector:",
    );
    fs.writeFileSync(path.join(dir, file), repair ? repaired : text);
  }
  const policies = admissionRules("existing").flatMap((rule) => [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      ...admissionPolicyManifest(rule),
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      ...admissionBindingManifest(rule),
    },
  ]);
  fs.writeFileSync(
    path.join(dir, "admission.yaml"),
    policies.map((p) => stringify(p)).join("---\n"),
  );
  return dir;
}

describe("npm run verify", () => {
  it("exits 1 on a policy whose empty namespaceSelector lets another tenant in, naming the flow", () => {
    const { status, verdict, stderr } = verifyCli(dump());
    assert.equal(status, 1);
    assert.deepEqual(
      verdict.violations.map((v) => [v.kind, v.flow]),
      [["cross-tenant", { from: "a/web", to: "b/database", port: "TCP/1433" }]],
    );
    assert.match(stderr, /cross-tenant: tenant a reaches tenant b: a\/web → b\/database TCP\/1433/);
  });

  it("exits 0 once the peer is confined to the tenant's own namespace", () => {
    const dir = dump(true);
    assert.notEqual(
      fs.readFileSync(path.join(dir, "tenant-b.yaml"), "utf8"),
      fs.readFileSync(path.join(FIXTURE, "tenant-b.yaml"), "utf8"),
    );
    const { status, verdict } = verifyCli(dir);
    assert.deepEqual(verdict.violations, []);
    assert.equal(status, 0);
  });

  it("judges several directories as one cluster: a crossing split across them is still found", () => {
    // Each tenant's objects in a directory of its own, the platform's policies in a third.
    const whole = dump();
    const parts = [tempDir(), tempDir(), tempDir()];
    fs.readdirSync(whole).forEach((file, i) => {
      fs.copyFileSync(path.join(whole, file), path.join(parts[i % 3] ?? whole, file));
    });
    const split = verifyCli(...parts);
    assert.equal(split.status, 1);
    assert.deepEqual(split.verdict.violations, verifyCli(whole).verdict.violations);
  });

  it("refuses two directories holding one object differently", () => {
    const run = spawnSync(
      process.execPath,
      ["--require", "tsx/cjs", path.join(REPO, "scripts", "verify.ts"), dump(), dump(true)],
      { encoding: "utf8" },
    );
    assert.equal(run.status, 2);
    assert.match(run.stderr, /differs between/);
  });

  it("exits 2 without a folder to read", () => {
    const run = spawnSync(
      process.execPath,
      ["--require", "tsx/cjs", path.join(REPO, "scripts", "verify.ts")],
      {
        encoding: "utf8",
      },
    );
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage: npm run verify -- <dir/);
  });
});
