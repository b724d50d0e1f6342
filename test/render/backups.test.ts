import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readCatalog } from "../../stacks/load";
import { TIER_BACKUPS, type Tier } from "../../stacks/tiers";
import { REPO } from "../helpers/project";
import { manifests, renderOk, resources, type Manifest, type Resource } from "../helpers/render";

/**
 * Backups as the shipped stacks render them: Velero writes to storage that outlives the region,
 * with an identity allowed that storage only, and every tenant is in a schedule of its tier.
 */

interface Rendered {
  readonly resources: Resource[];
  readonly objects: Manifest[];
}
const rendered = (stack: string): Rendered => {
  const out = renderOk(stack);
  return { resources: resources(out), objects: manifests(out) };
};
const byType = (r: Rendered, type: string) => r.resources.filter((x) => x.type === type);

/** Each tenant namespace's Schedule names its namespace and its tier's cadence and retention. */
function assertTenantsScheduled(r: Rendered, environment: string): void {
  const catalog = readCatalog(REPO, environment);
  assert.ok("content" in catalog);
  const entries = (catalog.content as { tenants: { name: string; tier?: Tier }[] }).tenants;
  const tiers = new Map(entries.map((t) => [t.name, t.tier ?? "small"]));
  const tenants = r.objects.filter(
    (o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"] !== undefined,
  );
  assert.ok(tenants.length > 0);
  for (const tenant of tenants) {
    const namespace = tenant.metadata.name;
    const schedules = r.objects.filter(
      (o) =>
        o.kind === "Schedule" &&
        (
          o.spec as { template: { includedNamespaces: string[] } }
        ).template.includedNamespaces.includes(namespace),
    );
    assert.equal(schedules.length, 1, namespace);
    const spec = schedules[0]?.spec as { schedule: string; template: { ttl: string } };
    const tier = tiers.get(tenant.metadata.labels?.["tenancy.dev/tenant"] ?? "") ?? "small";
    assert.deepEqual(
      [spec.schedule, spec.template.ttl],
      [TIER_BACKUPS[tier].schedule, TIER_BACKUPS[tier].ttl],
    );
  }
}

describe("backups on AKS (the dev stack)", () => {
  let r: Rendered;
  before(() => {
    r = rendered("dev");
  });

  it("writes to a geo-redundant account that takes no key and serves nothing in public", () => {
    const [account] = byType(r, "azure-native:storage:StorageAccount");
    assert.ok(account);
    assert.equal((account.inputs.sku as { name: string }).name, "Standard_RAGRS");
    assert.equal(account.inputs.allowSharedKeyAccess, false);
    assert.equal(account.inputs.allowBlobPublicAccess, false);
    assert.equal(account.protect, true);
  });

  it("lets Velero's identity write that account and nothing else", () => {
    const [account] = byType(r, "azure-native:storage:StorageAccount");
    const grants = byType(r, "azure-native:authorization:RoleAssignment").filter((g) =>
      g.name.includes("velero"),
    );
    assert.deepEqual(
      grants.map((g) => g.inputs.scope),
      [`${account?.name ?? ""}-id`],
    );
    const [federation] = byType(
      r,
      "azure-native:managedidentity:FederatedIdentityCredential",
    ).filter((f) => f.name.includes("velero"));
    assert.equal(federation?.inputs.subject, "system:serviceaccount:velero:velero-server");
  });

  it("schedules every tenant on its tier's cadence, moving snapshot data into the account", () => {
    assertTenantsScheduled(r, "dev");
    for (const s of r.objects.filter((o) => o.kind === "Schedule")) {
      assert.equal(
        (s.spec as { template: { snapshotMoveData: boolean } }).template.snapshotMoveData,
        true,
      );
    }
  });
});

describe("backups on GKE (prod-europe-west1)", () => {
  let r: Rendered;
  before(() => {
    r = rendered("prod-europe-west1");
  });

  it("writes to a multi-region bucket, closed to the public", () => {
    const [bucket] = byType(r, "gcp:storage/bucket:Bucket");
    assert.ok(bucket);
    assert.equal(bucket.inputs.location, "EU");
    assert.equal(bucket.inputs.publicAccessPrevention, "enforced");
  });

  it("lets Velero's account write that bucket and nothing else", () => {
    const [bucket] = byType(r, "gcp:storage/bucket:Bucket");
    const grants = byType(r, "gcp:storage/bucketIAMMember:BucketIAMMember");
    assert.deepEqual(
      grants.map((g) => [g.inputs.bucket, g.inputs.role]),
      [[bucket?.inputs.name, "roles/storage.objectAdmin"]],
    );
    assert.deepEqual(byType(r, "gcp:projects/iAMMember:IAMMember"), []);
  });

  it("schedules every tenant on its tier's cadence", () => {
    assertTenantsScheduled(r, "prod");
  });
});
