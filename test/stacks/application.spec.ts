import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applicationSpec, type ApplicationDefaults } from "../../stacks/catalog/application";
import { quotaShortfalls } from "../../stacks/catalog/footprint";
import { fromRegistry, parseImage, unpinnedReason } from "../../stacks/fields/images";
import { TIER_QUOTAS, TIERS } from "../../stacks/catalog/tiers";
import type { Validation } from "../../stacks/validate";
import { ADDONS, ADMINS, APPLICATION } from "../helpers/tenants";
import { problemsOf, validateConfig } from "../helpers/validate";
import { EXISTING_CLUSTER } from "../helpers/project";

/** The application's settings: images, replicas against the quota, add-ons and tenant secrets. */

describe("image references", () => {
  it("parses host, repository, tag and digest", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    assert.deepEqual(parseImage("docker.io/advantys/workflowgen:10.4.0-win-ltsc2022"), {
      ok: true,
      image: { host: "docker.io", repository: "advantys/workflowgen", tag: "10.4.0-win-ltsc2022" },
    });
    assert.deepEqual(parseImage(`registry.example.com:5000/team/app@${digest}`), {
      ok: true,
      image: { host: "registry.example.com:5000", repository: "team/app", digest },
    });
  });

  const refused: [string, RegExp][] = [
    ["advantys/workflowgen:10.4.0", /must start with its registry host, e.g. docker.io\/advantys/],
    ["workflowgen", /must start with its registry host/],
    ["docker.io/advantys/workflowgen@sha256:abc", /malformed digest/],
    ["docker.io/Advantys/workflowgen:1", /invalid repository path/],
    ["docker.io/advantys/workflowgen:-1", /invalid tag/],
  ];
  for (const [text, reason] of refused) {
    it(`refuses ${text}`, () => {
      const parsed = parseImage(text);
      assert.ok(!parsed.ok);
      assert.match(parsed.reason, reason);
    });
  }

  it("calls an image pinned only with a version tag or a digest", () => {
    const pin = (text: string) => {
      const parsed = parseImage(text);
      assert.ok(parsed.ok, text);
      return unpinnedReason(parsed.image);
    };
    assert.equal(pin("mcr.microsoft.com/mssql/server:2022-CU26-ubuntu-22.04"), undefined);
    assert.equal(pin(`mcr.microsoft.com/mssql/server@sha256:${"0".repeat(64)}`), undefined);
    assert.match(pin("mcr.microsoft.com/mssql/server:latest") ?? "", /`latest` moves/);
    assert.match(pin("mcr.microsoft.com/mssql/server") ?? "", /has no tag/);
  });

  it("matches registries by whole path segments", () => {
    const parsed = parseImage("docker.io/advantys/workflowgen:1.0");
    assert.ok(parsed.ok);
    assert.equal(fromRegistry(parsed.image, "docker.io"), true);
    assert.equal(fromRegistry(parsed.image, "docker.io/advantys"), true);
    assert.equal(fromRegistry(parsed.image, "docker.io/adv"), false);
    assert.equal(fromRegistry(parsed.image, "docker.io/advantys/workflowgen"), false);
  });
});

describe("the application against its quota", () => {
  const defaults: ApplicationDefaults = {
    ...APPLICATION,
    webReplicas: 2,
    databaseEdition: "Express",
    settings: {},
  };

  it("fits every tier's own quota with the default replicas", () => {
    for (const tier of TIERS) {
      assert.deepEqual(
        quotaShortfalls(applicationSpec(defaults, undefined), tier, TIER_QUOTAS[tier]),
        [],
      );
    }
  });

  it("once it stops fitting, fits no larger replica count either", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIERS), fc.integer({ min: 1, max: 19 }), (tier, replicas) => {
        const short = (n: number) =>
          quotaShortfalls(
            applicationSpec(defaults, { images: {}, settings: {}, webReplicas: n }),
            tier,
            TIER_QUOTAS[tier],
          ).length > 0;
        assert.ok(!short(replicas) || short(replicas + 1));
      }),
    );
  });
});

const stack = {
  "tenancy:environment": "dev",
  "tenancy:platform": "existing",
  "tenancy:cluster": EXISTING_CLUSTER,
  "tenancy:region": "lab",
};

/** An existing-cluster stack with the test add-ons, and `config` on top. */
const validate = (
  config: Record<string, unknown>,
  catalog: Record<string, unknown>,
  secretKeys: string[] = [],
): Validation =>
  validateConfig({ "tenancy:addons": ADDONS, ...stack, ...config }, catalog, secretKeys);

describe("application, add-ons and tenant secrets that are refused", () => {
  const contoso = { name: "contoso", admins: ADMINS };
  const cases: {
    name: string;
    config?: Record<string, unknown>;
    catalog?: Record<string, unknown>;
    expected: string[];
  }[] = [
    {
      name: "a catalog image tagged latest",
      catalog: {
        application: {
          images: { ...APPLICATION.images, web: "docker.io/advantys/workflowgen:latest" },
        },
      },
      expected: [
        'stacks/dev.yaml: application.images.web: "docker.io/advantys/workflowgen:latest" `latest` moves: pin a version tag or a digest (@sha256:…)',
      ],
    },
    {
      name: "a catalog without the database image",
      catalog: { application: { images: { web: APPLICATION.images.web } } },
      expected: ["stacks/dev.yaml: application.images.database: required: set a string"],
    },
    {
      name: "a tenant image from a registry it may not use",
      catalog: {
        tenants: [
          { ...contoso, application: { images: { web: "ghcr.io/contoso/workflowgen:1.0" } } },
        ],
      },
      expected: [
        'stacks/dev.yaml: tenants[0].application.images.web: "ghcr.io/contoso/workflowgen:1.0" is not from a registry this tenant may use (mcr.microsoft.com, docker.io/advantys): add its registry to registries',
      ],
    },
    {
      name: "more web replicas than the quota holds",
      catalog: { tenants: [{ ...contoso, application: { webReplicas: 20 } }] },
      expected: [
        "stacks/dev.yaml: tenants[0].quota.requests.cpu: 4 is below the 11250m the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
        "stacks/dev.yaml: tenants[0].quota.requests.memory: 8Gi is below the 24Gi the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
        "stacks/dev.yaml: tenants[0].quota.requests.ephemeral-storage: 20Gi is below the 23Gi the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
        "stacks/dev.yaml: tenants[0].quota.limits.cpu: 8 is below the 23 the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
        "stacks/dev.yaml: tenants[0].quota.limits.memory: 16Gi is below the 47Gi the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
        "stacks/dev.yaml: tenants[0].quota.limits.ephemeral-storage: 40Gi is below the 92Gi the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
        "stacks/dev.yaml: tenants[0].quota.pods: 20 is below the 23 the application needs during a rollout (20 web pods plus one): raise it, or lower application.webReplicas",
      ],
    },
    {
      name: "an ephemeral storage quota below the application's logs and temporary files",
      catalog: { tenants: [{ ...contoso, quota: { "limits.ephemeral-storage": "8Gi" } }] },
      expected: [
        "stacks/dev.yaml: tenants[0].quota.limits.ephemeral-storage: 8Gi is below the 20Gi the application needs during a rollout (2 web pods plus one): raise it, or lower application.webReplicas",
      ],
    },
    {
      name: "Velero installed on an existing cluster, where the program makes no backup storage",
      config: { "tenancy:addons": { ...ADDONS, velero: { chartVersion: "12.1.0" } } },
      expected: [
        "tenancy:addons.velero.install: the program makes backup storage on AKS and GKE only: on an existing cluster install Velero with its storage yourself, then set install: false (each tenant's Schedule is still created)",
      ],
    },
    {
      name: "an app setting the program owns",
      catalog: { tenants: [{ ...contoso, application: { settings: { ApplicationUrl: "x" } } }] },
      expected: [
        `stacks/dev.yaml: tenants[0].application.settings.ApplicationUrl: is set from the tenant's host: remove it`,
      ],
    },
    {
      name: "add-ons to install without a chart version, and an issuer with two sources",
      config: {
        "tenancy:addons": {
          envoyGateway: {},
          certManager: {},
          issuer: { letsEncrypt: "production", name: "corporate-ca" },
        },
      },
      expected: [
        "tenancy:addons.envoyGateway.chartVersion: required to install it: pin the chart version, e.g. v1.9.0, or set install: false if the cluster already runs it",
        "tenancy:addons.certManager.chartVersion: required to install it: pin the chart version, e.g. v1.21.1, or set install: false if the cluster already runs it",
        "tenancy:addons.velero.chartVersion: required to install it: pin the chart version, e.g. 12.1.0, or set install: false if the cluster already runs it",
        "tenancy:addons.issuer: letsEncrypt and name are mutually exclusive: keep one",
      ],
    },
    {
      name: "Let's Encrypt without a contact, and a chart version that is not one",
      config: {
        "tenancy:addons": {
          envoyGateway: { chartVersion: "latest" },
          certManager: { install: false },
          issuer: { letsEncrypt: "staging" },
        },
      },
      expected: [
        'tenancy:addons.envoyGateway.chartVersion: "latest" is not a chart version: pin an exact release, e.g. v1.9.0',
      ],
    },
    {
      name: "no add-ons at all",
      config: { "tenancy:addons": undefined },
      expected: [
        `tenancy:addons: required: add to the stack file the add-ons and the certificates' issuer, e.g. issuer: { letsEncrypt: production, email: … } (docs/platforms.md "Add-ons")`,
      ],
    },
  ];
  for (const { name, config = {}, catalog = { tenants: [contoso] }, expected } of cases) {
    it(name, () => {
      const result = validate(config, { tenants: [contoso], ...catalog });
      assert.deepEqual(problemsOf(result), expected);
    });
  }

  it("Let's Encrypt without an email asks for one", () => {
    const result = validate(
      { "tenancy:addons": { ...ADDONS, issuer: { letsEncrypt: "staging" } } },
      { tenants: [contoso] },
    );
    assert.deepEqual(problemsOf(result), [
      "tenancy:addons.issuer.email: required with letsEncrypt: the ACME account's contact for expiry notices",
    ]);
  });

  it("refuses bad tenant secrets by key path, never printing a value", () => {
    const planted = "Weak;Secret-Value-4-Test";
    const result = validate(
      {
        "tenancy:tenantSecrets": {
          contoso: { licence: planted, databasePassword: planted, serial: planted },
          contosso: { licence: "aGVsbG8=" },
        },
      },
      { tenants: [contoso] },
    );
    const problems = problemsOf(result);
    assert.deepEqual(problems, [
      `tenancy:tenantSecrets.contoso.licence: must be the licence file in base64: pulumi config set --secret --path 'tenancy:tenantSecrets.contoso.licence' "$(base64 -w0 <file>)"`,
      `tenancy:tenantSecrets.contoso.databasePassword: holds one of ; ' " { } = or a space, which break the connection string: choose another`,
      "tenancy:tenantSecrets.contoso.serial: unknown key; allowed here: licence, databasePassword",
      `tenancy:tenantSecrets.contosso: no tenant "contosso" in stacks/dev.yaml; did you mean "contoso"?: fix the name or remove the entry`,
      "tenancy:tenantSecrets: must hold secrets: set each value with pulumi config set --secret --path 'tenancy:tenantSecrets.<tenant>.<field>' (and remove the plain ones)",
    ]);
    assert.ok(problems.every((p) => !p.includes(planted)));
  });

  it("passes a licence and a strong password on, kept apart from the spec", () => {
    const result = validate(
      {
        "tenancy:tenantSecrets": {
          contoso: { licence: "aGVsbG8=", databasePassword: "Str0ng-Passw0rd" },
        },
      },
      { tenants: [contoso] },
      ["tenancy:tenantSecrets"],
    );
    assert.ok(result.ok && result.role === "region");
    assert.deepEqual(result.tenantSecrets, {
      contoso: { licence: "aGVsbG8=", databasePassword: "Str0ng-Passw0rd" },
    });
    assert.ok(!JSON.stringify(result.spec).includes("Str0ng-Passw0rd"));
  });
});
