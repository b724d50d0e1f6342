import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { certManagerVersionProblem } from "../../stacks/cluster/addons";
import {
  STANDARD_SUPPORT_FLOOR,
  aksOfferedProblems,
  gkeOfferedProblems,
  versionFloorProblems,
  type AksOfferedVersion,
} from "../../stacks/cluster/kubernetes-versions";

/** Versions the program refuses before a cloud would, and what the cloud says at preview. */

const official = (version: string, extra: Partial<AksOfferedVersion> = {}): AksOfferedVersion => ({
  version,
  capabilities: { supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"] },
  ...extra,
});
const ltsOnly = (version: string): AksOfferedVersion => ({
  version,
  capabilities: { supportPlan: ["AKSLongTermSupport"] },
});
/** AKS's answer for a region: two LTS-only minors, three in standard support, one in preview. */
const AKS_OFFER = [
  ltsOnly("1.33"),
  ltsOnly("1.34"),
  official("1.35"),
  official("1.36", { patchVersions: { "1.36.1": {}, "1.36.3": {} } }),
  official("1.37"),
  official("1.38", { isPreview: true }),
];
const reasons = (problems: readonly { path: string; reason: string }[]): string[] =>
  problems.map((p) => `${p.path}: ${p.reason}`);

describe("the AKS versions a region offers", () => {
  const cases: [string, string, string[]][] = [
    ["a minor in standard support", "1.36", []],
    ["an offered patch", "1.36.3", []],
    [
      "an LTS-only minor",
      "1.34",
      [
        "tenancy:cluster.kubernetesVersion: 1.34 is LTS-only on AKS in westeurope (Premium tier with the LTS plan): use one of 1.35, 1.36, 1.37",
      ],
    ],
    [
      "a preview minor",
      "1.38",
      [
        "tenancy:cluster.kubernetesVersion: AKS in westeurope does not offer 1.38 today: use one of 1.35, 1.36, 1.37",
      ],
    ],
    [
      "a minor no longer listed",
      "1.31",
      [
        "tenancy:cluster.kubernetesVersion: AKS in westeurope does not offer 1.31 today: use one of 1.35, 1.36, 1.37",
      ],
    ],
    [
      "a patch the minor does not have",
      "1.36.2",
      [
        "tenancy:cluster.kubernetesVersion: AKS in westeurope does not offer patch 1.36.2: use 1.36 or one of 1.36.1, 1.36.3",
      ],
    ],
  ];
  for (const [name, version, expected] of cases) {
    it(name, () =>
      assert.deepEqual(reasons(aksOfferedProblems(version, AKS_OFFER, "westeurope")), expected),
    );
  }
});

describe("the GKE versions a release channel offers", () => {
  const offer = {
    validMasterVersions: ["1.37.1-gke.100", "1.36.4-gke.200", "1.35.8-gke.300", "1.34.9-gke.400"],
    releaseChannelLatestVersion: { STABLE: "1.35.8-gke.300", REGULAR: "1.36.4-gke.200" },
  };
  const cases: [string, string, string, string[]][] = [
    ["a minor the channel offers", "1.35", "STABLE", []],
    ["an exact build the region offers", "1.34.9-gke.400", "STABLE", []],
    [
      "a minor newer than the channel",
      "1.36",
      "STABLE",
      [
        "tenancy:cluster.kubernetesVersion: 1.36 is newer than the STABLE channel offers in europe-west1 (1.35.8-gke.300): use 1.35 or an older minor, or another releaseChannel",
      ],
    ],
    [
      "a build the region does not offer",
      "1.35.1-gke.1",
      "REGULAR",
      [
        "tenancy:cluster.kubernetesVersion: GKE in europe-west1 does not offer 1.35.1-gke.1 today: use one of 1.34, 1.35, 1.36, 1.37",
      ],
    ],
  ];
  for (const [name, version, channel, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        reasons(gkeOfferedProblems(version, channel, offer, "europe-west1")),
        expected,
      ),
    );
  }
});

describe("the version floor", () => {
  it("refuses every minor below the cloud's standard support and none at or above it", () => {
    for (const cloud of ["aks", "gke"] as const) {
      const floor = STANDARD_SUPPORT_FLOOR[cloud].version.minor;
      fc.assert(
        fc.property(fc.integer({ min: 20, max: 60 }), fc.nat(20), (minor, patch) => {
          const problems = versionFloorProblems(`1.${minor}.${patch}`, cloud, "key");
          assert.equal(problems.length > 0, minor < floor, `1.${minor}.${patch} on ${cloud}`);
        }),
      );
    }
  });
});

describe("cert-manager releases", () => {
  const refused = (fix: string) =>
    `lets tenants' admins create ACME challenges against the platform's issuer (GHSA-8rvj-mm4h-c258): use ${fix}`;
  const cases: [string, string | undefined][] = [
    ["v1.19.1", `v1.19.1 ${refused("v1.19.6 or v1.21.1")}`],
    ["v1.19.6", undefined],
    ["v1.20.2", `v1.20.2 ${refused("v1.20.3 or v1.21.1")}`],
    ["v1.20.3", undefined],
    ["v1.18.9", `v1.18.9 ${refused("v1.21.1")}`],
    ["v1.21.0", undefined],
    ["1.22.0", undefined],
    ["v2.0.0", undefined],
  ];
  for (const [version, expected] of cases) {
    it(`${expected === undefined ? "installs" : "refuses"} ${version}`, () =>
      assert.equal(certManagerVersionProblem(version), expected));
  }
});
