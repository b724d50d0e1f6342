import assert from "node:assert/strict";
import { validateStack, type Validation } from "../../stacks/validate";
import { CATALOG_BASE } from "./tenants";

/**
 * Validates a stack as the CLI would hand it over: structured values as JSON text, keys set to
 * undefined left out, and a dev catalog of `domain`, the test application and `catalog`.
 */
export function validateConfig(
  config: Readonly<Record<string, unknown>>,
  catalog: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[] = [],
): RegionValidation {
  const result = validateAny(config, catalog, secretKeys);
  if (result.ok && result.role !== "region") return assert.fail("expected a region stack");
  return result;
}

/** A region stack's validation, as the tests of region stacks expect it. */
export type RegionValidation = Exclude<Validation, { readonly role: "global" }>;

/** Validates a stack of either role, as {@link validateConfig} does. */
export function validateAny(
  config: Readonly<Record<string, unknown>>,
  catalog: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[] = [],
): Validation {
  const text = Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return validateStack({
    config: text,
    secretKeys: new Set(secretKeys),
    readCatalog: () => ({
      path: "stacks/dev.yaml",
      content: { domain: "dev.example.com", ...CATALOG_BASE, ...catalog },
    }),
  });
}

/** The problems of a refused config, as printed: `path: reason`. */
export const problemsOf = (result: Validation): string[] =>
  result.ok
    ? assert.fail("expected the config to be refused")
    : result.problems.map((p) => `${p.path}: ${p.reason}`);
