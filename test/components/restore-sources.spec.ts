import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { googleLocationConfig } from "../../components/cluster/restore-sources";

/** Reading another Google region's backups: what the location says, and what it refuses. */

describe("a location of another Google region's backups", () => {
  const source = (project: string) => ({
    provider: "gcp" as const,
    bucket: "b",
    config: {},
    scope: "b",
    project,
  });
  const reader = { email: "velero@here.iam.gserviceaccount.com", project: "tenancy-here" };

  it("signs download URLs with this cluster's own identity", () => {
    assert.deepEqual(googleLocationConfig("europe-west1", source("tenancy-here"), reader), {
      serviceAccount: reader.email,
    });
  });

  it("refuses backups of another project, whose snapshots this cluster cannot make disks from", () => {
    assert.throws(
      () => googleLocationConfig("europe-west1", source("tenancy-elsewhere"), reader),
      /project tenancy-elsewhere.*restore from a region of the same project/,
    );
  });
});
