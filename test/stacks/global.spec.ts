import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dnsRecords } from "../../components/global/records";
import { validateAny } from "../helpers/validate";
import { ADMINS } from "../helpers/tenants";

/** The global stack: its config, and the records that send each tenant's host to its home region. */

const GLOBAL = {
  "tenancy:environment": "dev",
  "tenancy:role": "global",
  "tenancy:organization": "example-org",
  "tenancy:dns": { provider: "azure", zone: "example.com", resourceGroup: "rg-dns" },
};
const catalog = (contosoHome: string) => ({
  regions: ["westeurope", "eastus"],
  tenants: [
    {
      name: "contoso",
      admins: ADMINS,
      region: contosoHome,
      standby: ["eastus", "westeurope"].filter((r) => r !== contosoHome),
    },
    { name: "fabrikam", admins: ADMINS, region: "eastus" },
  ],
});

function globalSpec(contosoHome: string) {
  const result = validateAny(GLOBAL, catalog(contosoHome));
  assert.ok(result.ok && result.role === "global", JSON.stringify(result));
  return result.spec;
}

describe("the global stack", () => {
  it("points each region's hosts at its ingress and each tenant's host at its home region", () => {
    const spec = globalSpec("westeurope");
    assert.deepEqual(
      dnsRecords(spec, spec.dns).map((r) => [r.relativeName, r.type, r.region ?? r.target]),
      [
        ["*.westeurope.dev", "A", "westeurope"],
        ["*.eastus.dev", "A", "eastus"],
        ["contoso.dev", "CNAME", "contoso.westeurope.dev.example.com"],
        ["fabrikam.dev", "CNAME", "fabrikam.eastus.dev.example.com"],
      ],
    );
  });

  it("fails a tenant over with one catalog edit: only its record changes", () => {
    const before = globalSpec("westeurope");
    const after = globalSpec("eastus");
    const changed = dnsRecords(after, after.dns).filter(
      (record, i) => JSON.stringify(record) !== JSON.stringify(dnsRecords(before, before.dns)[i]),
    );
    assert.deepEqual(
      changed.map((r) => [r.fqdn, r.target]),
      [["contoso.dev.example.com", "contoso.eastus.dev.example.com"]],
    );
  });

  const refusals: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
    [
      "a zone that does not hold the catalog's domain, and a cluster key",
      {
        ...GLOBAL,
        "tenancy:dns": { provider: "azure", zone: "example.org", resourceGroup: "rg" },
        "tenancy:platform": "aks",
      },
      catalog("westeurope"),
      [
        "tenancy:platform: unknown key; allowed here: allowlist, dns, environment, organization, role",
        "tenancy:dns.zone: \"example.org\" does not hold the catalog's domain dev.example.com: name the zone the tenants' hosts are in",
      ],
    ],
    [
      "a catalog without regions",
      GLOBAL,
      { tenants: [{ name: "contoso", admins: ADMINS }] },
      [
        "stacks/dev.yaml: regions: required by the global stack: list the environment's regions, one stack each",
      ],
    ],
    [
      "a Cloud DNS zone without its managed zone's name",
      {
        ...GLOBAL,
        "tenancy:dns": { provider: "gcp", zone: "example.com", project: "dns-project" },
      },
      catalog("westeurope"),
      ["tenancy:dns.managedZone: required: set a string"],
    ],
  ];
  for (const [name, config, content, expected] of refusals) {
    it(`refuses ${name}`, () => {
      const result = validateAny(config, content);
      assert.ok(!result.ok);
      assert.deepEqual(
        result.problems.map((p) => `${p.path}: ${p.reason}`),
        expected,
      );
    });
  }
});
