import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { multiRegionOf } from "../../components/cluster/backups";
import { readCatalog } from "../../stacks/load";
import { TIER_BACKUPS, type Tier } from "../../stacks/catalog/tiers";
import { REPO } from "../helpers/project";
import { rendered, type Rendered } from "../helpers/render";

/**
 * Backups as the shipped stacks render them: Velero writes to storage that outlives the region,
 * with an identity allowed that storage only, and every tenant is in a schedule of its tier.
 */

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
  // Tenants start at minutes of their own, so a tier's backups do not all queue at once.
  const minutes = new Set<string>();
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
    const tier = tiers.get(tenant.metadata.labels?.["tenancy.dev/tenant"] ?? "") ?? "small";
    const spec = schedules[0]?.spec as { schedule: string; template: { ttl: string } };
    const [minute = "", hours] = spec.schedule.split(" ");
    minutes.add(minute);
    assert.ok(Number(minute) >= 0 && Number(minute) < 60, spec.schedule);
    assert.deepEqual(
      [hours, spec.template.ttl],
      [TIER_BACKUPS[tier].hours, TIER_BACKUPS[tier].ttl],
    );
  }
  if (tenants.length > 2) assert.ok(minutes.size > 1, "every tenant starts at the same minute");
}

describe("where a Google region's backups go", () => {
  it("to its continent's multi-region, or its own region where none contains it", () => {
    const cases: [string, string][] = [
      ["europe-west1", "EU"],
      ["us-central1", "US"],
      ["asia-northeast1", "ASIA"],
      // Canada is not in the US multi-region: its backups stay in Canada.
      ["northamerica-northeast1", "NORTHAMERICA-NORTHEAST1"],
      ["australia-southeast1", "AUSTRALIA-SOUTHEAST1"],
    ];
    for (const [region, location] of cases) assert.equal(multiRegionOf(region), location, region);
  });
});

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

  it("signs Velero's server and its data movers in with that identity, with no hostPath mounts", () => {
    const [release] = byType(r, "kubernetes:helm.sh/v3:Release").filter((x) =>
      x.name.endsWith("-velero"),
    );
    const values = release?.inputs.values as {
      podLabels: Record<string, string>;
      deployNodeAgent: boolean;
      nodeAgent: { podLabels: Record<string, string>; disableHostPath: boolean };
      credentials: { useSecret: boolean };
    };
    // The data movers' pods take their labels from the node agent's.
    assert.equal(values.deployNodeAgent, true);
    assert.equal(values.nodeAgent.podLabels["azure.workload.identity/use"], "true");
    assert.equal(values.podLabels["azure.workload.identity/use"], "true");
    assert.equal(values.nodeAgent.disableHostPath, true);
    assert.equal(values.credentials.useSecret, false);
  });

  it("keeps the file shares' account keys out of every tenant's namespace", () => {
    const classes = r.objects.filter(
      (o) => o.kind === "StorageClass" && o.provisioner === "file.csi.azure.com",
    );
    assert.ok(classes.length > 0);
    const tenantNamespaces = new Set(
      r.objects
        .filter((o) => o.kind === "Namespace" && o.metadata.labels?.["tenancy.dev/tenant"])
        .map((o) => o.metadata.name),
    );
    for (const c of classes) {
      const keys = (c.parameters as Record<string, string>).secretNamespace ?? "";
      assert.ok(keys !== "" && !tenantNamespaces.has(keys), c.metadata.name);
      assert.ok(r.objects.some((o) => o.kind === "Namespace" && o.metadata.name === keys));
    }
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
