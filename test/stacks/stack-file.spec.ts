import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stackFileProblems } from "../../stacks/secrets/stack-file";

/** What only the stack file shows: unreadable YAML, unknown keys, a plain value among secrets. */

const FILE = "Pulumi.dev.yaml";
const problems = (text: string) =>
  stackFileProblems(FILE, text).map((p) => `${p.path}: ${p.reason}`);

describe("a stack file", () => {
  it("with every secret value secure, and plain values elsewhere, has no problem", () => {
    const text = [
      "config:",
      "  tenancy:environment: dev",
      "  tenancy:tenantSecrets:",
      "    contoso:",
      "      licence:",
      "        secure: AAABAA==",
      "      databasePassword:",
      "        secure: AAABAB==",
    ].join("\n");
    assert.deepEqual(problems(text), []);
  });

  it("names a plain value beside a secure one, at any depth, and never prints it", () => {
    const text = [
      "config:",
      "  tenancy:tenantSecrets:",
      "    contoso:",
      "      licence:",
      "        secure: AAABAA==",
      "    fabrikam:",
      "      databasePassword: Plain-Text-9",
    ].join("\n");
    const found = problems(text);
    assert.deepEqual(
      found.map((p) => p.split(": ")[0]),
      ["tenancy:tenantSecrets.fabrikam.databasePassword"],
    );
    assert.match(found[0] ?? "", /pulumi config set --secret --path/);
    assert.ok(found.every((p) => !p.includes("Plain-Text-9")));
  });

  it("names a misspelt top-level key with the closest one", () => {
    assert.deepEqual(problems("confg:\n  tenancy:environment: dev\n"), [
      `${FILE}: confg: unknown key; did you mean "config"? allowed here: config, environment, secretsprovider, encryptedkey, encryptionsalt`,
    ]);
  });

  it("that is not YAML is refused with its name and line", () => {
    const found = problems("config:\n  tenancy:environment: dev\n   tenancy:region: [eastus\n");
    assert.ok(found.length > 0);
    assert.ok(
      found.every((p) => p.startsWith(`${FILE}:`) && p.includes("not valid YAML")),
      found.join("\n"),
    );
    assert.match(found[0] ?? "", /^Pulumi\.dev\.yaml:\d+: /);
  });
});
