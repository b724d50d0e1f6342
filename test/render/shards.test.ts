import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { before, describe, it } from "node:test";
import { runPolicies } from "../../policy/run";
import { verify } from "../../verify";
import { readStackSummaries } from "../../stacks/secrets/stack-file";
import { REPO, renderCli } from "../helpers/project";
import {
  manifests,
  renderOk,
  renderedRegion,
  resources,
  type Manifest,
  type Rendered,
} from "../helpers/render";

/**
 * The shipped prod splits East US into a cluster stack and two shards. Split or not, the region's
 * cluster gets the same objects; the shards' tenants are isolated on it, judged as one cluster;
 * and each shard reaches the cluster only through its cluster stack's outputs.
 */

const REGION = "eastus";
const shardStacks = [...readStackSummaries(REPO)]
  .filter(([, s]) => s.role === "tenants" && s.region === REGION)
  .map(([name]) => name)
  .sort();

/** A copy of the shipped project's stack files and catalogs, each stack file through `edit`. */
function copyProject(edit: (file: string, text: string) => string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenancy-shards-"));
  fs.mkdirSync(path.join(dir, "stacks"));
  for (const file of fs.readdirSync(REPO).filter((f) => /^Pulumi\..*yaml$/.test(f))) {
    const text = edit(file, fs.readFileSync(path.join(REPO, file), "utf8"));
    if (text !== undefined) fs.writeFileSync(path.join(dir, file), text);
  }
  for (const file of fs.readdirSync(path.join(REPO, "stacks")).filter((f) => f.endsWith(".yaml")))
    fs.copyFileSync(path.join(REPO, "stacks", file), path.join(dir, "stacks", file));
  return dir;
}

/** The shipped project with East US run by one stack again: its cluster and all its tenants. */
const unsplitProject = (): string =>
  copyProject((file, text) =>
    shardStacks.some((s) => file === `Pulumi.${s}.yaml`)
      ? undefined
      : text.replace(/^ {2}tenancy:role: cluster\n/m, ""),
  );

const identity = (o: Manifest): string =>
  `${String(o.apiVersion)} ${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;

describe("a region split into a cluster stack and shards (prod East US)", () => {
  let split: Rendered;
  /** The region's render as one stack: its cluster and every tenant. */
  let unsplit = "";
  before(() => {
    split = renderedRegion("prod", REGION);
    unsplit = renderOk(`prod-${REGION}`, unsplitProject());
  });

  it("ships two shards, each running some tenant", () => {
    assert.equal(shardStacks.length, 2, shardStacks.join());
    for (const stack of shardStacks) {
      assert.ok(
        resources(renderOk(stack)).some((r) => r.type === "tenancy:tenant:Tenant"),
        stack,
      );
    }
  });

  it("makes, over its stacks, exactly the objects one stack of the region makes", () => {
    const whole = manifests(unsplit);
    const byIdentity = (objects: Manifest[]) =>
      new Map(objects.map((o) => [identity(o), JSON.stringify(o)]));
    const parts = byIdentity(split.objects);
    assert.equal(parts.size, split.objects.length, "an object made by two of the stacks");
    assert.deepEqual([...parts.keys()].sort(), [...byIdentity(whole).keys()].sort());
    for (const [key, text] of byIdentity(whole)) assert.equal(parts.get(key), text, key);
  });

  it("isolates the tenants of every shard from each other, judged as one cluster", () => {
    const verdict = verify(split.objects);
    assert.ok(Object.keys(verdict.tenants).length >= 2, JSON.stringify(verdict.tenants));
    assert.deepEqual(verdict.violations, []);
    assert.ok(verdict.adversary.every((a) => a.stoppedBy !== undefined));
  });

  it("reaches the cluster with its cluster stack's kubeconfig, a secret, and nothing else", () => {
    for (const stack of shardStacks) {
      const recorded = resources(renderOk(stack));
      const references = recorded.filter((r) => r.type === "pulumi:pulumi:StackReference");
      assert.deepEqual(
        references.map((r) => r.inputs.name),
        [`example-org/tenancy/prod-${REGION}`],
      );
      const providers = recorded.filter((r) => r.type === "pulumi:providers:kubernetes");
      assert.equal(providers.length, 1);
      const [provider] = providers;
      assert.ok(provider);
      assert.equal(provider.inputs.kubeconfig, "[secret]");
      assert.ok(provider.dependencies.includes(references[0]?.urn ?? ""));
      // Nothing of the cloud: a shard holds Kubernetes objects only.
      assert.deepEqual(
        recorded.filter((r) => /^(azure-native|gcp):/.test(r.type)).map((r) => r.type),
        [],
      );
    }
  });

  it("passes the policy pack only with its cluster's objects, which it reads from that stack", async () => {
    for (const stack of shardStacks) {
      const recorded = resources(renderOk(stack));
      assert.deepEqual(await runPolicies(recorded), [], stack);
      const blind = recorded.map((r) => ({ ...r, outputs: undefined }));
      assert.ok((await runPolicies(blind)).length > 0, `${stack} passes without its cluster`);
    }
  });

  it("refuses to render a shard on a broken cluster stack, naming that stack's file, writing nothing", () => {
    const project = copyProject((file, text) =>
      file === `Pulumi.prod-${REGION}.yaml`
        ? text.replace(/kubernetesVersion: "[^"]+"/, 'kubernetesVersion: "1.20"')
        : text,
    );
    const out = path.join(project, "out");
    const [shard = ""] = shardStacks;
    const run = renderCli(shard, out, project);
    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(`Pulumi\\.prod-${REGION}\\.yaml: tenancy:cluster\\.kubernetesVersion`),
    );
    assert.ok(!fs.existsSync(out));
  });

  it("waits, in one stack, for the restoring cluster's backup location before a tenant's restore", () => {
    const recorded = resources(unsplit);
    const restores = recorded.filter((r) => r.type.endsWith(":Restore"));
    const locations = recorded.filter((r) => r.type.endsWith(":BackupStorageLocation"));
    assert.ok(restores.length > 0 && locations.length > 0);
    for (const restore of restores) {
      assert.ok(
        locations.some((l) => restore.dependencies.includes(l.urn)),
        `${restore.name} waits for no backup location`,
      );
    }
  });
});
