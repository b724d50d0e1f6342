import type { z } from "zod";
import { closestKey } from "./dns";

/** One thing wrong with the configuration: where (a key path) and what to do about it. */
export interface Problem {
  readonly path: string;
  readonly reason: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  const lines = problems.map((p) => `  - ${p.path}: ${p.reason}`);
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return `invalid configuration, ${count}; nothing was created:\n${lines.join("\n")}`;
}

/** `["tenants", 3, "name"]` → `tenants[3].name`, under `prefix` (`tenancy:` or a file name). */
export function keyPath(prefix: string, segments: readonly PropertyKey[]): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" || /: ?$/.test(path) ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `"${value}"`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Turns zod issues into problems with key paths and a fix. `knownKeys` maps a path (as printed)
 * to the keys allowed there, so an unknown key gets a "did you mean" hint.
 */
export function problemsFromZod(
  prefix: string,
  error: z.ZodError,
  shapeAt: (segments: readonly PropertyKey[]) => readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = shapeAt(issue.path);
        for (const key of issue.keys) {
          const guess = closestKey(key, known);
          const hint = guess !== undefined ? `did you mean "${guess}"? ` : "";
          problems.push({
            path: keyPath(prefix, [...issue.path, key]),
            reason: `unknown key; ${hint}allowed here: ${known.join(", ")}`,
          });
        }
        break;
      }
      case "invalid_type":
        problems.push({
          path: keyPath(prefix, issue.path),
          reason:
            issue.input === undefined
              ? `required: set a ${issue.expected}`
              : issue.expected === "string" && typeof issue.input === "number"
                ? `expected text, got the number ${JSON.stringify(issue.input)}: quote it, as YAML reads 1.30 as 1.3`
                : `expected a ${issue.expected}, got ${describe(issue.input)}`,
        });
        break;
      case "invalid_value":
        problems.push({
          path: keyPath(prefix, issue.path),
          reason:
            issue.input === undefined
              ? `required: set one of ${issue.values.map((v) => String(v)).join(", ")}`
              : `${describe(issue.input)} is not allowed: use one of ${issue.values.map((v) => String(v)).join(", ")}`,
        });
        break;
      case "too_small":
      case "too_big": {
        const bound = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
        const what = issue.origin === "string" || issue.origin === "array" ? "length " : "";
        problems.push({
          path: keyPath(prefix, issue.path),
          reason: `${issue.input === undefined ? "the value" : describe(issue.input)} is too ${issue.code === "too_small" ? "small" : "large"}: give a ${what}of at ${issue.code === "too_small" ? "least" : "most"} ${bound}`,
        });
        break;
      }
      default:
        problems.push({ path: keyPath(prefix, issue.path), reason: issue.message });
    }
  }
  return problems;
}

/** The keys an object schema allows at `segments` (array indexes skip into elements). */
export function keysAt(schema: z.ZodType, segments: readonly PropertyKey[]): string[] {
  const candidates = objectsAt(schema, segments);
  return [...new Set(candidates.flatMap((object) => Object.keys(object.shape)))].sort();
}

function objectsAt(schema: z.core.$ZodType, segments: readonly PropertyKey[]): z.ZodObject[] {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "prefault":
      return objectsAt((def as z.core.$ZodOptionalDef).innerType, segments);
    case "pipe":
      return objectsAt((def as z.core.$ZodPipeDef).in, segments);
    case "union":
      return (def as z.core.$ZodUnionDef).options.flatMap((o) => objectsAt(o, segments));
    case "array": {
      const [, ...rest] = segments;
      return objectsAt((def as z.core.$ZodArrayDef).element, rest);
    }
    case "object": {
      const object = schema as z.ZodObject;
      if (segments.length === 0) return [object];
      const [head, ...rest] = segments;
      const shape: Record<string, z.core.$ZodType | undefined> = object.shape;
      const child = typeof head === "string" ? shape[head] : undefined;
      return child === undefined ? [] : objectsAt(child, rest);
    }
    default:
      return [];
  }
}
