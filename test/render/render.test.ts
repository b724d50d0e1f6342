import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { SECRET_PLACEHOLDER, SECURE_STAND_IN } from "../../scripts/render/index";
import { REPO, existingStack, makeProject, renderCli, tempDir } from "../helpers/project";
import { manifests, renderOk, resources, type Resource } from "../helpers/render";
import { ADDONS, ADMINS, CATALOG_BASE, GKE_CLUSTER } from "../helpers/tenants";

/** Every file of a render folder, by relative path. */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else files.set(relative, fs.readFileSync(path.join(dir, relative), "utf8"));
    }
  };
  walk("");
  return new Map([...files].sort());
}

const threeTenants = (middle: string) => ({
  domain: "test.example.com",
  ...CATALOG_BASE,
  tenants: [
    { name: "alpha", admins: ADMINS },
    { name: middle, admins: ADMINS, tier: "medium" },
    { name: "gamma", admins: ADMINS, tier: "large" },
  ],
});

describe("render", () => {
  it("writes the same bytes twice for the dev stack", () => {
    // The shared render came from another process, earlier: a second one must match it.
    const first = readTree(renderOk("dev"));
    const second = readTree(renderOk("dev", undefined, { fresh: true }));
    assert.ok(
      first.has("resources.json") &&
        first.has("report.md") &&
        first.has(path.join("kubernetes", "_cluster.yaml")),
    );
    assert.deepEqual(second, first);
  });

  it("changes only the renamed tenant's objects when a tenant is renamed", () => {
    const project = makeProject({
      stacks: { before: existingStack("before"), after: existingStack("after") },
      catalogs: { before: threeTenants("beta"), after: threeTenants("delta") },
    });
    const before = resources(renderOk("before", project));
    const after = resources(renderOk("after", project));
    const key = (r: Resource): string =>
      JSON.stringify(r).replaceAll("before", "STACK").replaceAll("after", "STACK");
    const untouched = (rs: Resource[]): string[] =>
      rs
        .filter((r) => !/beta|delta/.test(r.urn) && !r.urn.includes("pulumi:pulumi:Stack"))
        .map(key);
    assert.deepEqual(untouched(after), untouched(before));
    // The renamed tenant keeps the same set of objects, now under its new name and namespace.
    // The backup's minute in the hour derives from the namespace, so it moves with the name.
    const renamed = (rs: Resource[], name: string): string[] =>
      rs
        .filter((r) => r.urn.includes(name))
        .map((r) =>
          key(r)
            .replaceAll(name, "NAME")
            .replace(/"schedule":"\d+ /, '"schedule":"M '),
        );
    assert.deepEqual(renamed(after, "delta"), renamed(before, "beta"));
    assert.ok(
      after.some((r) => (r.inputs.metadata as { name?: string } | undefined)?.name === "delta"),
    );
  });

  it("refuses a stack with five mistakes: all five printed with key paths, exit 1, nothing written", () => {
    const project = makeProject({
      stacks: {
        broken: existingStack("broken", {
          "tenancy:clustr": { context: "x" },
          "tenancy:allowlist": ["10.0.0.1/8"],
        }),
      },
      catalogs: {
        broken: {
          domain: "test.example.com",
          ...CATALOG_BASE,
          tenants: [
            { name: "Acme_1", admins: ADMINS },
            { name: "beta", admins: ADMINS, quota: { "requests.memory": "4GB" } },
            { name: "beta", admins: ADMINS },
          ],
        },
      },
    });
    const out = path.join(tempDir(), "render");
    const run = renderCli("broken", out, project);
    assert.equal(run.status, 1);
    for (const key of [
      "tenancy:clustr",
      "tenancy:allowlist[0]",
      "stacks/broken.yaml: tenants[0].name",
      "stacks/broken.yaml: tenants[1].quota.requests.memory",
      "stacks/broken.yaml: tenants[2].name",
    ]) {
      assert.ok(run.stderr.includes(`- ${key}: `), `missing ${key} in:\n${run.stderr}`);
    }
    assert.match(run.stderr, /5 problems/);
    assert.equal(fs.existsSync(out), false);
  });

  it("never decrypts a secure: value, and never lets one out in plain text", () => {
    // The program reads SECURE_STAND_IN for each secure: value: the known secret searched for.
    const ciphertext = "v1:c2VjcmV0LWNpcGhlcnRleHQ=:AAECAwQFBgcICQ==";
    const dev = (
      parse(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as {
        config: Record<string, unknown>;
      }
    ).config;
    const project = makeProject({
      stacks: {
        existing: existingStack("test", {
          "tenancy:kubeconfig": { secure: ciphertext },
          "tenancy:tenantSecrets": { alpha: { licence: { secure: ciphertext } } },
        }),
        aks: {
          ...dev,
          "tenancy:environment": "test",
          "tenancy:windowsAdminPassword": { secure: ciphertext },
          "tenancy:tenantSecrets": {
            alpha: { licence: { secure: ciphertext }, databasePassword: { secure: ciphertext } },
            gamma: { databasePassword: { secure: ciphertext } },
          },
        },
      },
      catalogs: { test: threeTenants("beta") },
    });
    const outs = new Map<string, string>();
    for (const stack of ["existing", "aks"]) {
      const out = renderOk(stack, project);
      outs.set(stack, out);
      for (const [file, text] of readTree(out)) {
        assert.ok(!text.includes(ciphertext), `ciphertext in ${stack}/${file}`);
        assert.ok(!text.includes(SECURE_STAND_IN), `a secret in plain text in ${stack}/${file}`);
      }
      const provider = resources(out).find((r) => r.urn.includes("pulumi:providers:kubernetes"));
      assert.equal(provider?.inputs.kubeconfig, SECRET_PLACEHOLDER);
      // The licence reaches its tenant only, as a Secret whose data stays hidden.
      const licences = manifests(out).filter((m) => m.metadata.name === "licence");
      assert.deepEqual(
        licences.map((m) => [m.kind, m.metadata.namespace, m.data]),
        [["Secret", "alpha", { "workflowgen.lic": SECRET_PLACEHOLDER }]],
      );
    }
    const cluster = resources(outs.get("aks") ?? "").find((r) =>
      r.urn.includes("containerservice:ManagedCluster"),
    );
    const profile = cluster?.inputs.windowsProfile as { adminPassword?: unknown } | undefined;
    assert.equal(profile?.adminPassword, SECRET_PLACEHOLDER);
  });
});

describe("GKE with Windows pools shared across tiers", () => {
  it("warns at render and in the report that Windows pod isolation is not assured", () => {
    const project = makeProject({
      stacks: {
        shared: {
          "tenancy:environment": "test",
          "tenancy:platform": "gke",
          "tenancy:addons": ADDONS,
          "tenancy:region": "europe-west1",
          "tenancy:allowlist": ["203.0.113.0/24"],
          "tenancy:cluster": {
            ...GKE_CLUSTER,
            acceptUnpolicedWindowsPods: true,
          },
        },
      },
      catalogs: { test: threeTenants("beta") },
    });
    const out = tempDir();
    const run = renderCli("shared", out, project);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /warning: .*GKE Windows pools win are shared/);
    assert.match(
      fs.readFileSync(path.join(out, "report.md"), "utf8"),
      /## Warnings\n\n- Accepted risk .*\n- GKE Windows pools win are shared/,
    );
  });
});
