import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StackFileSummary } from "../../stacks/fields/input";
import { validateStack, type Validation } from "../../stacks/validate";
import { existingStack } from "../helpers/project";
import { ADMINS, CATALOG_BASE } from "../helpers/tenants";

/**
 * A region split into a cluster stack and tenants stacks: each tenant names its shard, each shard
 * runs exactly its tenants on the cluster stack's settings, and what is wrong is refused before
 * anything is created, at the file and key that hold it.
 */

type StackFiles = Record<string, Record<string, unknown>>;

/** An existing cluster's stack, whose kubeconfig its shards read. */
const CLUSTER = existingStack("test", {
  "tenancy:role": "cluster",
  "tenancy:kubeconfig": "apiVersion: v1\nkind: Config",
});
const shardFile = (shard: string, overrides: Record<string, unknown> = {}) => ({
  "tenancy:environment": "test",
  "tenancy:role": "tenants",
  "tenancy:region": "westeurope",
  "tenancy:shard": shard,
  "tenancy:organization": "example-org",
  ...overrides,
});
const SPLIT: StackFiles = {
  "test-westeurope": CLUSTER,
  "test-westeurope-tenants-a": shardFile("a"),
  "test-westeurope-tenants-b": shardFile("b"),
};
const tenant = (name: string, shard?: string) => ({
  name,
  admins: ADMINS,
  ...(shard !== undefined ? { shard } : {}),
});
const TENANTS = [tenant("alpha", "a"), tenant("bravo", "b"), tenant("charlie", "a")];

const asCli = (config: Record<string, unknown>) => ({
  config: Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  ),
  // As the CLI marks them: the keys the stack file gives as secrets.
  secretKeys: new Set(
    ["tenancy:kubeconfig", "tenancy:tenantSecrets"].filter((k) => config[k] !== undefined),
  ),
});

/** Validates `stack` of a project holding `files` and a catalog of `tenants`. */
function validate(stack: string, files: StackFiles, tenants: unknown[] = TENANTS): Validation {
  const summaries = new Map<string, StackFileSummary>(
    Object.entries(files).map(([name, config]) => [
      name,
      Object.fromEntries(
        ["environment", "role", "region", "shard"].flatMap((key) => {
          const value = config[`tenancy:${key}`];
          return typeof value === "string" ? [[key, value]] : [];
        }),
      ),
    ]),
  );
  const config = files[stack];
  assert.ok(config, stack);
  return validateStack({
    ...asCli(config),
    readCatalog: () => ({
      path: "stacks/test.yaml",
      content: { domain: "test.example.com", ...CATALOG_BASE, tenants },
    }),
    stackFiles: summaries,
    readStackConfig: (name) => (files[name] !== undefined ? asCli(files[name]) : undefined),
  });
}

const problems = (result: Validation): string[] =>
  result.ok
    ? assert.fail("expected problems")
    : result.problems.map((p) => `${p.path}: ${p.reason}`);

describe("a region split into shards", () => {
  it("runs each tenant in the shard it names, and every tenant in one shard", () => {
    const ran = new Map<string, string>();
    for (const stack of Object.keys(SPLIT).filter((s) => s.includes("-tenants-"))) {
      const result = validate(stack, SPLIT);
      assert.ok(result.ok && result.role === "tenants", JSON.stringify(result));
      assert.equal(result.clusterStack, "test-westeurope");
      for (const t of result.spec.tenants) {
        assert.ok(!ran.has(t.name), `${t.name} runs in ${ran.get(t.name) ?? ""} and ${stack}`);
        ran.set(t.name, stack);
        assert.equal(`test-westeurope-tenants-${t.shard ?? ""}`, stack);
      }
    }
    assert.deepEqual([...ran.keys()].sort(), TENANTS.map((t) => t.name).sort());
  });

  it("builds a shard's tenants on the cluster stack's settings", () => {
    const cluster = validate("test-westeurope", SPLIT);
    const shard = validate("test-westeurope-tenants-a", SPLIT);
    assert.ok(cluster.ok && cluster.role === "cluster" && shard.ok && shard.role === "tenants");
    const settings = (spec: typeof cluster.spec) => ({
      ...spec,
      tenants: [],
      organization: undefined,
    });
    assert.deepEqual(settings(shard.spec), settings(cluster.spec));
    for (const t of shard.spec.tenants) {
      assert.deepEqual(
        t,
        cluster.spec.tenants.find((c) => c.name === t.name),
      );
    }
  });

  it("refuses a tenant of a split region without a shard, or naming one the region lacks", () => {
    const tenants = [tenant("alpha"), tenant("bravo", "z"), tenant("charlie", "a")];
    for (const stack of Object.keys(SPLIT)) {
      const found = problems(validate(stack, SPLIT, tenants));
      assert.ok(
        found.some((p) => p.startsWith("stacks/test.yaml: tenants[0].shard: required")),
        `${stack}: ${found.join("\n")}`,
      );
      assert.ok(
        found.some(
          (p) =>
            p.startsWith("stacks/test.yaml: tenants[1].shard:") &&
            p.includes("test-westeurope-tenants-z") &&
            p.includes("(a, b)"),
        ),
        found.join("\n"),
      );
    }
  });

  it("refuses a cluster stack whose region has no tenants stack while it has tenants", () => {
    const found = problems(validate("test-westeurope", { "test-westeurope": CLUSTER }));
    assert.ok(
      found.every((p) => /tenants\[\d\]\.shard: .*no tenants stack/.test(p)),
      found.join("\n"),
    );
    assert.equal(found.length, TENANTS.length);
  });

  it("refuses in a tenants stack the cluster's keys, naming where they belong", () => {
    const files = {
      ...SPLIT,
      "test-westeurope-tenants-a": shardFile("a", {
        "tenancy:platform": "aks",
        "tenancy:addons": {},
      }),
    };
    const found = problems(validate("test-westeurope-tenants-a", files));
    assert.deepEqual(
      found.map((p) => p.split(":").slice(0, 2).join(":")),
      ["tenancy:platform", "tenancy:addons"],
    );
    assert.ok(
      found.every((p) => p.includes("cluster stack")),
      found.join("\n"),
    );
  });

  it("refuses a tenants stack without its cluster stack, or on a stack that runs tenants itself", () => {
    const alone = problems(
      validate("test-westeurope-tenants-a", { "test-westeurope-tenants-a": shardFile("a") }),
    );
    assert.deepEqual(
      alone.map((p) => p.split(": ")[0]),
      ["tenancy:region"],
    );
    assert.match(alone[0] ?? "", /Pulumi\.test-westeurope\.yaml/);
    const region = problems(
      validate("test-westeurope-tenants-a", {
        ...SPLIT,
        "test-westeurope": existingStack("test"),
      }),
    );
    assert.equal(region.length, 1, region.join("\n"));
    assert.match(
      region[0] ?? "",
      /^Pulumi\.test-westeurope\.yaml: tenancy:role: .*set it to cluster/,
    );
  });

  it("names the cluster stack's own problems at its file, so a shard never runs on a broken cluster", () => {
    const broken = { ...CLUSTER, "tenancy:cluster": { kubernetesVersion: "1.20" } };
    const found = problems(
      validate("test-westeurope-tenants-a", { ...SPLIT, "test-westeurope": broken }),
    );
    assert.ok(found.length > 0);
    assert.ok(
      found.every((p) => p.startsWith("Pulumi.test-westeurope.yaml: tenancy:cluster")),
      found.join("\n"),
    );
  });

  it("requires a shard's name and organization, every problem at once", () => {
    const files = {
      ...SPLIT,
      "test-westeurope-tenants-a": shardFile("a", {
        "tenancy:shard": "Not_A_Label",
        "tenancy:organization": undefined,
      }),
    };
    const found = problems(validate("test-westeurope-tenants-a", files)).map(
      (p) => p.split(": ")[0],
    );
    assert.deepEqual(found.sort(), ["tenancy:organization", "tenancy:shard"]);
  });

  it("refuses, in every stack of the region, a shard file whose keys name another shard", () => {
    const files = { ...SPLIT, "test-westeurope-tenants-a": shardFile("b") };
    for (const stack of ["test-westeurope", "test-westeurope-tenants-b"]) {
      const found = problems(validate(stack, files));
      assert.ok(
        found.some((p) =>
          p.startsWith(
            "Pulumi.test-westeurope-tenants-a.yaml: its keys make it test-westeurope-tenants-b",
          ),
        ),
        `${stack}: ${found.join("\n")}`,
      );
    }
    const itself = problems(
      validateStack({
        ...asCli(shardFile("b")),
        stackName: "test-westeurope-tenants-a",
        readCatalog: () => ({ path: "stacks/test.yaml", content: { domain: "x.example.com" } }),
      }),
    );
    assert.equal(itself.length, 1, itself.join("\n"));
  });

  it("refuses a region stack while its region has tenants stacks, which would run its tenants twice", () => {
    const files = { ...SPLIT, "test-westeurope": existingStack("test") };
    const found = problems(validate("test-westeurope", files, [tenant("alpha", "a")]));
    assert.deepEqual(
      found.map((p) => p.split(": ")[0]),
      ["tenancy:role"],
    );
    assert.match(found[0] ?? "", /test-westeurope-tenants-a, test-westeurope-tenants-b/);
  });

  it("refuses a tenant's secrets in the cluster stack, naming the shard file they belong in", () => {
    const files: StackFiles = {
      ...SPLIT,
      "test-westeurope": {
        ...CLUSTER,
        "tenancy:tenantSecrets": { bravo: { licence: "bGljZW5jZQ==" } },
      },
    };
    const result = validateStack({
      ...asCli(files["test-westeurope"] ?? {}),
      readCatalog: () => ({
        path: "stacks/test.yaml",
        content: { domain: "test.example.com", ...CATALOG_BASE, tenants: TENANTS },
      }),
      stackFiles: new Map(
        Object.entries(files).map(([name, c]) => [
          name,
          {
            environment: "test",
            role: typeof c["tenancy:role"] === "string" ? c["tenancy:role"] : "region",
            region: "westeurope",
            ...(typeof c["tenancy:shard"] === "string" ? { shard: c["tenancy:shard"] } : {}),
          },
        ]),
      ),
    });
    const found = problems(result);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(
      found[0] ?? "",
      /^tenancy:tenantSecrets\.bravo: .*Pulumi\.test-westeurope-tenants-b\.yaml/,
    );
  });

  it("refuses in a shard an allowlist of its own and another organization than its cluster's", () => {
    const cluster = { ...CLUSTER, "tenancy:organization": "example-org" };
    const files = {
      ...SPLIT,
      "test-westeurope": cluster,
      "test-westeurope-tenants-a": shardFile("a", {
        "tenancy:allowlist": ["203.0.113.0/24"],
        "tenancy:organization": "other-org",
      }),
    };
    const found = problems(validate("test-westeurope-tenants-a", files)).map(
      (p) => p.split(": ")[0],
    );
    assert.deepEqual(found.sort(), ["tenancy:allowlist[0]", "tenancy:organization"]);
    assert.ok(validate("test-westeurope-tenants-a", { ...SPLIT, "test-westeurope": cluster }).ok);
  });

  it("refuses a cluster stack of an existing cluster without the kubeconfig its shards read", () => {
    const files = { ...SPLIT, "test-westeurope": { ...CLUSTER, "tenancy:kubeconfig": undefined } };
    const found = problems(validate("test-westeurope", files));
    assert.deepEqual(
      found.map((p) => p.split(": ")[0]),
      ["tenancy:kubeconfig"],
    );
  });
});
