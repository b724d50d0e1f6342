import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

/**
 * The TSDoc of each schema field, read from the zod definitions' source (stacks/), so editors and
 * the reference show the same words as the code. A JSON Schema object takes its fields' words
 * from the object literals of the source whose keys are all among its own: the literal it was
 * built from, and those an `.extend` or a spread added.
 */

type JsonSchema = Record<string, unknown>;

interface Literal {
  readonly keys: ReadonlySet<string>;
  readonly docs: ReadonlyMap<string, string>;
}

/** A comment as one paragraph: TSDoc tags kept as words (`@default x` → "Default: x."). */
function docOf(node: ts.Node): string | undefined {
  const parts: string[] = [];
  for (const doc of ts.getJSDocCommentsAndTags(node)) {
    if (!ts.isJSDoc(doc)) continue;
    const comment = ts.getTextOfJSDocComment(doc.comment);
    if (comment !== undefined && comment.trim() !== "") parts.push(comment.trim());
    for (const tag of doc.tags ?? []) {
      const text = ts.getTextOfJSDocComment(tag.comment)?.trim() ?? "";
      if (tag.tagName.text === "default") parts.push(`Default: ${text.replace(/\.$/, "")}.`);
      // A link's scheme parses as a name: read the tag as written.
      if (tag.tagName.text === "see") {
        const raw = tag.getText().replace(/^@see\s*/, "").replace(/\n\s*\*\s?/g, " ").trim();
        parts.push(`See ${raw}`);
      }
    }
  }
  const text = parts.join(" ").replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

function literalsOf(file: string): Literal[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const found: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const keys = new Set<string>();
      const docs = new Map<string, string>();
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)
          ? property.name.text
          : undefined;
        if (name === undefined) continue;
        keys.add(name);
        const doc = docOf(property);
        if (doc !== undefined) docs.set(name, doc);
      }
      if (docs.size > 0) found.push({ keys, docs });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every documented object literal of the definitions under `dir`. */
export function readLiterals(dir: string): readonly Literal[] {
  return sourceFiles(dir)
    .sort()
    .flatMap((file) => literalsOf(file));
}

/** Adds `description` to each field of `schema`, at any depth, from `literals`. */
export function describe(schema: JsonSchema, literals: readonly Literal[]): JsonSchema {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    const properties = record.properties as Record<string, JsonSchema> | undefined;
    if (properties !== undefined) {
      const keys = Object.keys(properties);
      // The literals this object was built from: all their keys are its own.
      const sources = literals
        .filter((l) => [...l.keys].every((k) => keys.includes(k)))
        .sort((a, b) => b.keys.size - a.keys.size);
      for (const key of keys) {
        const doc = sources.find((l) => l.docs.has(key))?.docs.get(key);
        const property = properties[key];
        if (doc !== undefined && property !== undefined && property.description === undefined) {
          property.description = doc;
        }
      }
    }
    Object.values(record).forEach(visit);
  };
  visit(schema);
  return schema;
}
