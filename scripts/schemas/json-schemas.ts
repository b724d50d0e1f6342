import * as path from "path";
import { z } from "zod";
import { describe, readLiterals } from "./descriptions";
import { catalogSchema } from "../../stacks/catalog/catalog";
import { globalSchema } from "../../stacks/global/global";
import { tenantsStackSchema } from "../../stacks/shards/tenants-stack";
import { clusterSchemas, NAMESPACE, PLATFORMS, SECRET_KEYS, stackSchema } from "../../stacks/cluster/stack";
import { TENANT_SECRET_FIELDS } from "../../stacks/secrets/tenant-secrets";

/**
 * JSON Schemas of the files people edit, from the same zod definitions validation uses, for
 * editors to complete and check keys as they type (`# yaml-language-server: $schema=…` at the
 * top of each file). They check shapes; the rules that compare values stay validation's.
 * Each field carries its TSDoc as `description`. `npm run schemas` writes them to schemas/ (and
 * the reference, docs/reference.md); a test fails when the committed copies drift.
 */

type JsonSchema = Record<string, unknown>;

const DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** As the file is written: defaults not yet applied, so keys with one are optional. */
/** The definitions' TSDoc, which each field's `description` repeats. */
const LITERALS = readLiterals(path.resolve(__dirname, "..", "..", "stacks"));

const toJson = (schema: z.ZodType): JsonSchema => {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  // The dialect is said once, at the top of each file.
  delete json.$schema;
  return describe(json, LITERALS);
};

/** A value `pulumi config set --secret` wrote: `{ secure: <ciphertext> }`. */
const SECURE: JsonSchema = {
  type: "object",
  properties: { secure: { type: "string" } },
  required: ["secure"],
  additionalProperties: false,
};

/** `tenancy:tenantSecrets`: per tenant, each field a secure value. */
const TENANT_SECRETS: JsonSchema = {
  type: "object",
  additionalProperties: {
    type: "object",
    properties: Object.fromEntries(TENANT_SECRET_FIELDS.map((f) => [f, SECURE])),
    additionalProperties: false,
  },
};

/** A stack settings file around `config`, whose keys are `tenancy:<key>`. */
function stackFile(title: string, config: JsonSchema): JsonSchema {
  return {
    $schema: DIALECT,
    title,
    type: "object",
    properties: {
      config,
      environment: {},
      secretsprovider: { type: "string" },
      encryptedkey: { type: "string" },
      encryptionsalt: { type: "string" },
    },
    required: ["config"],
    additionalProperties: false,
  };
}

/** `config`: each key of `schema` as `tenancy:<key>`, other namespaces left to their owners. */
function namespaced(schema: JsonSchema, overrides: Record<string, JsonSchema>): JsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return {
    type: "object",
    properties: Object.fromEntries(
      Object.entries({ ...properties, ...overrides }).map(([key, value]) => [
        `${NAMESPACE}:${key}`,
        value,
      ]),
    ),
    required: ((schema.required ?? []) as string[]).map((key) => `${NAMESPACE}:${key}`),
    patternProperties: { [`^(?!${NAMESPACE}:)`]: {} },
    additionalProperties: false,
  };
}

function regionStackSchema(): JsonSchema {
  const base = toJson(stackSchema);
  const properties = (base.properties ?? {}) as Record<string, JsonSchema>;
  const secure = Object.fromEntries(
    [...SECRET_KEYS]
      .filter((key) => key !== "tenantSecrets")
      .map((key) => [
        key,
        { description: properties[key]?.description, anyOf: [properties[key] ?? {}, SECURE] },
      ]),
  );
  const config = namespaced(base, {
    ...secure,
    tenantSecrets: { description: properties.tenantSecrets?.description, ...TENANT_SECRETS },
  });
  // The cluster's keys depend on the platform.
  config.allOf = PLATFORMS.map((platform) => ({
    if: {
      properties: { [`${NAMESPACE}:platform`]: { const: platform } },
      required: [`${NAMESPACE}:platform`],
    },
    then: { properties: { [`${NAMESPACE}:cluster`]: toJson(clusterSchemas[platform]) } },
  }));
  return stackFile(
    "tenancy region or cluster stack (Pulumi.<environment>-<region>.yaml)",
    config,
  );
}

/** Every schema, by file name under schemas/. */
export function jsonSchemas(): Record<string, JsonSchema> {
  return {
    "stack.schema.json": regionStackSchema(),
    "stack-global.schema.json": stackFile(
      "tenancy global stack (Pulumi.<environment>-global.yaml)",
      namespaced(toJson(globalSchema), {}),
    ),
    "tenants-stack.schema.json": stackFile(
      "tenancy tenants stack, one shard of a region (Pulumi.<environment>-<region>-tenants-<shard>.yaml)",
      namespaced(toJson(tenantsStackSchema), {
        tenantSecrets: {
          description: (toJson(tenantsStackSchema).properties as Record<string, JsonSchema>)
            .tenantSecrets?.description,
          ...TENANT_SECRETS,
        },
      }),
    ),
    "catalog.schema.json": {
      $schema: DIALECT,
      title: "tenancy tenant catalog (stacks/<environment>.yaml)",
      ...toJson(catalogSchema),
    },
  };
}
