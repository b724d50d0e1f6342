import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { closestKey } from "../fields/dns";
import type { StackFileSummary } from "../fields/input";
import type { Problem } from "../fields/problems";
import { NAMESPACE, SECRET_KEYS } from "../cluster/stack";

/**
 * What only the stack file itself shows, and the CLI's config does not: YAML it cannot read,
 * top-level keys Pulumi does not know, and plain values inside a secret key (the CLI marks a key
 * secret when any of its values is, so a plain sibling would pass unseen).
 * @see https://www.pulumi.com/docs/iac/concepts/projects/project-file/ (stack settings file)
 */

/** Top-level keys of a stack settings file. */
const STACK_FILE_KEYS = [
  "config",
  "environment",
  "secretsprovider",
  "encryptedkey",
  "encryptionsalt",
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isSecure = (value: unknown): boolean =>
  isRecord(value) && Object.keys(value).length === 1 && "secure" in value;

/** Paths (`tenantSecrets.contoso.licence`) of the values under `value` that are not `secure:`. */
function plainLeaves(value: unknown, at: string): string[] {
  if (isSecure(value)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainLeaves(v, `${at}[${String(i)}]`));
  if (isRecord(value))
    return Object.entries(value).flatMap(([k, v]) => plainLeaves(v, `${at}.${k}`));
  return value === null || value === undefined ? [] : [at];
}

const hasSecure = (value: unknown): boolean =>
  isSecure(value) ||
  (Array.isArray(value) && value.some(hasSecure)) ||
  (isRecord(value) && Object.values(value).some(hasSecure));

/** The problems of a stack file's text; `file` names it in every message. */
export function stackFileProblems(file: string, text: string): Problem[] {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    return document.errors.map((e) => ({
      path: `${file}:${String(e.linePos?.[0].line ?? "?")}`,
      reason: `not valid YAML: ${e.message.split("\n")[0] ?? e.code}`,
    }));
  }
  let content: unknown;
  try {
    content = document.toJS() as unknown;
  } catch (error) {
    return [
      {
        path: file,
        reason: `not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
      },
    ];
  }
  if (!isRecord(content)) {
    return [{ path: file, reason: "must be a map with a config: key (see Pulumi.dev.yaml)" }];
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(content)) {
    if (STACK_FILE_KEYS.includes(key)) continue;
    const guess = closestKey(key, STACK_FILE_KEYS);
    problems.push({
      path: `${file}: ${key}`,
      reason: `unknown key;${guess !== undefined ? ` did you mean "${guess}"?` : ""} allowed here: ${STACK_FILE_KEYS.join(", ")}`,
    });
  }
  const config = isRecord(content.config) ? content.config : {};
  for (const [fullKey, value] of Object.entries(config)) {
    const key = fullKey.startsWith(`${NAMESPACE}:`) ? fullKey.slice(NAMESPACE.length + 1) : fullKey;
    // A key with no secure value at all is reported by validation, from the CLI's secret keys.
    if (!SECRET_KEYS.has(key) || !hasSecure(value)) continue;
    for (const leaf of plainLeaves(value, `${NAMESPACE}:${key}`)) {
      problems.push({
        path: leaf,
        reason: `is in plain text in ${file}: run pulumi config set --secret --path '${leaf}' <value> (and remove the plain one)`,
      });
    }
  }
  return problems;
}

/** Reads `Pulumi.<stack>.yaml` under `projectDir`; none there (config from elsewhere): none. */
export function readStackFileProblems(projectDir: string, stack: string): Problem[] {
  const file = `Pulumi.${stack}.yaml`;
  const full = path.join(projectDir, file);
  return fs.existsSync(full) ? stackFileProblems(file, fs.readFileSync(full, "utf8")) : [];
}

/**
 * A YAML file's content, or why it could not be read: not a file, not YAML, or YAML whose
 * aliases would expand past what the parser allows (a "billion laughs" file).
 */
export function readYamlSafely(file: string): { content: unknown } | { error: string } {
  try {
    const document = parseDocument(fs.readFileSync(file, "utf8"), { uniqueKeys: true });
    const [first] = document.errors;
    if (first !== undefined) {
      return {
        error: `not valid YAML at line ${String(first.linePos?.[0].line ?? "?")}: ${first.message.split("\n")[0] ?? first.code}`,
      };
    }
    return { content: document.toJS() as unknown };
  } catch (error) {
    return { error: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Each `Pulumi.<stack>.yaml` of the project, by stack name: the environment and role it names. */
export function readStackSummaries(projectDir: string): Map<string, StackFileSummary> {
  const summaries = new Map<string, StackFileSummary>();
  for (const file of fs.readdirSync(projectDir).sort()) {
    const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
    if (stack === undefined) continue;
    const read = readYamlSafely(path.join(projectDir, file));
    if ("error" in read) {
      summaries.set(stack, { error: read.error });
      continue;
    }
    const content = read.content;
    const config = isRecord(content) && isRecord(content.config) ? content.config : {};
    const text = (key: string): string | undefined => {
      const value = config[`${NAMESPACE}:${key}`];
      return typeof value === "string" ? value : undefined;
    };
    const fields = ["environment", "role", "region", "shard"] as const;
    summaries.set(
      stack,
      Object.fromEntries(
        fields.flatMap((key) => {
          const value = text(key);
          return value !== undefined ? [[key, value]] : [];
        }),
      ),
    );
  }
  return summaries;
}
