import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { jsonSchemas } from "../../scripts/schemas/json-schemas";
import { referenceMarkdown } from "../../scripts/schemas/reference";
import { REPO } from "../helpers/project";

/** The JSON Schemas editors read: in step with validation, and true of every shipped file. */

const schemas = jsonSchemas();
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validators = Object.fromEntries(
  Object.entries(schemas).map(([file, schema]) => [file, ajv.compile(schema)]),
);
const read = (file: string): unknown => parse(fs.readFileSync(path.join(REPO, file), "utf8"));
const schemaOf = (file: string): string => {
  const modeline = /# yaml-language-server: \$schema=(\S+)/.exec(
    fs.readFileSync(path.join(REPO, file), "utf8"),
  )?.[1];
  assert.ok(modeline, `${file} names no schema for editors`);
  return path.basename(modeline);
};

const shipped = [
  ...fs.readdirSync(REPO).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
  ...fs
    .readdirSync(path.join(REPO, "stacks"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `stacks/${f}`),
];

describe("JSON Schemas of the stack files and catalogs", () => {
  it("are committed as npm run schemas writes them", () => {
    for (const [file, schema] of Object.entries(schemas)) {
      const committed = fs.readFileSync(path.join(REPO, "schemas", file), "utf8");
      assert.equal(
        committed,
        `${JSON.stringify(schema, null, 2)}\n`,
        `schemas/${file}: run npm run schemas`,
      );
    }
  });

  it("and the reference generated from them, docs/reference.md, are in step", () => {
    const committed = fs.readFileSync(path.join(REPO, "docs", "reference.md"), "utf8");
    assert.equal(committed, referenceMarkdown(schemas), "docs/reference.md: run npm run schemas");
  });

  it("carry the definitions' own words for editors, on every key of the stack file and catalog", () => {
    const undescribed = (schema: Record<string, unknown>): string[] =>
      Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)
        .filter(([, property]) => typeof property.description !== "string")
        .map(([key]) => key);
    const stack = (schemas["stack.schema.json"]?.properties ?? {}) as Record<string, object>;
    const config = (stack.config ?? {}) as Record<string, unknown>;
    assert.deepEqual(undescribed(config), []);
    assert.deepEqual(undescribed(schemas["catalog.schema.json"] ?? {}), []);
  });

  for (const file of shipped) {
    it(`${file} names its schema, and meets it`, () => {
      const validate = validators[schemaOf(file)];
      assert.ok(validate, `${file}: no such schema`);
      assert.ok(validate(read(file)), `${file}: ${ajv.errorsText(validate.errors)}`);
    });
  }

  it("catch what an editor should flag as it is typed: a misspelt key, a wrong type, a plain secret", () => {
    const stack = read("Pulumi.dev.yaml") as { config: Record<string, unknown> };
    const region = validators["stack.schema.json"];
    assert.ok(region);
    const cases: Record<string, unknown>[] = [
      { ...stack.config, "tenancy:clustr": {} },
      { ...stack.config, "tenancy:platform": "eks" },
      { ...stack.config, "tenancy:tenantSecrets": { contoso: { licence: "plain" } } },
      { ...stack.config, "tenancy:cluster": { context: "not an AKS key" } },
    ];
    for (const config of cases) assert.equal(region({ config }), false, JSON.stringify(config));
    const catalog = read("stacks/dev.yaml") as { tenants: Record<string, unknown>[] };
    const tenants = [{ ...catalog.tenants[0], tiers: "small" }];
    assert.equal(validators["catalog.schema.json"]?.({ ...catalog, tenants }), false);
  });
});
