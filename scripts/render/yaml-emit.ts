import { stringify } from "yaml";

/**
 * YAML of a manifest, byte for byte as the `yaml` library writes it (`lineWidth: 0`), several
 * times faster: maps and lists are laid out here, and each scalar is written as the library
 * writes it in that place (simple names, integers and booleans directly, any other through the
 * library, as a list item or a key). A manifest with a scalar the library writes on several
 * lines is written by the library whole. test/render/yaml-emit.test.ts compares both on
 * generated values and on every shipped stack's objects.
 */

const OPTIONS = { lineWidth: 0 } as const;

/** Strings the library writes plain and unchanged: no quoting, no other reading. */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
/** Plain strings that YAML would read as booleans or null. */
const RESERVED = new Set([
  "true",
  "false",
  "True",
  "False",
  "TRUE",
  "FALSE",
  "null",
  "Null",
  "NULL",
]);

/** A scalar the library would spread over several lines: the manifest is written by it whole. */
class Multiline extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One line of the library's writing, or Multiline. */
function oneLine(text: string, prefix: string, suffix: string): string {
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) throw new Multiline();
  const inner = text.slice(prefix.length, text.length - suffix.length);
  if (inner.includes("\n")) throw new Multiline();
  return inner;
}

/** A value as the library writes it after a key's colon or a list's dash. */
function scalar(value: unknown): string {
  if (typeof value === "string" && SIMPLE.test(value) && !RESERVED.has(value)) return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    return String(value);
  }
  if (value === null) return "null";
  return oneLine(stringify([value], OPTIONS), "- ", "\n");
}

/**
 * A map's key as the library writes it: at the start of a line (the document's top level) a key
 * that reads as a document marker is quoted, and nowhere else.
 */
function key(name: string, topLevel: boolean): string {
  if (SIMPLE.test(name) && !RESERVED.has(name)) return name;
  return topLevel
    ? oneLine(stringify({ [name]: null }, OPTIONS), "", ": null\n")
    : oneLine(stringify({ k: { [name]: null } }, OPTIONS), "k:\n  ", ": null\n");
}

/** Whether `value` is written on its key's or dash's line: a scalar or an empty collection. */
const inline = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.length === 0
    : isRecord(value)
      ? Object.keys(value).length === 0
      : true;

const inlineText = (value: unknown): string =>
  Array.isArray(value) ? "[]" : isRecord(value) ? "{}" : scalar(value);

function lines(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (inline(item)) {
        out.push(`${indent}- ${inlineText(item)}`);
        continue;
      }
      const nested: string[] = [];
      lines(item, `${indent}  `, nested);
      // The item's first line follows its dash.
      out.push(`${indent}- ${(nested[0] ?? "").slice(indent.length + 2)}`, ...nested.slice(1));
    }
    return;
  }
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    if (inline(item)) {
      out.push(`${indent}${key(name, indent === "")}: ${inlineText(item)}`);
      continue;
    }
    out.push(`${indent}${key(name, indent === "")}:`);
    lines(item, `${indent}  `, out);
  }
}

/** The manifest's YAML document, as `stringify(manifest, { lineWidth: 0 })` writes it. */
export function manifestYaml(manifest: Record<string, unknown>): string {
  if (inline(manifest)) return stringify(manifest, OPTIONS);
  const out: string[] = [];
  try {
    lines(manifest, "", out);
  } catch (error) {
    if (error instanceof Multiline) return stringify(manifest, OPTIONS);
    throw error;
  }
  return `${out.join("\n")}\n`;
}
