import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { StackConfigSource } from "../fields/input";

/**
 * A stack's config as the Pulumi CLI hands it to the program, read from its file: keys namespaced
 * (`tenancy:` for bare keys), structures as JSON text, project defaults from Pulumi.yaml applied,
 * and `secure:` values never decrypted: they become {@link SECURE_STAND_IN} and their key is
 * marked secret. The render reads its own stack this way, and a tenants stack its cluster stack.
 */

/**
 * What a reader gets for a `secure:` value. Distinct from the render's "[secret]" marker, so a
 * stand-in found in a render is a secret the program let out in plain text. It passes the checks
 * secrets get (base64, SQL Server's password policy), so a stack with secrets renders.
 */
export const SECURE_STAND_IN = "SecureValue/NotDecryptedByRender/000";

export interface CliConfig {
  readonly project: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

interface ProjectFile {
  readonly name: string;
  readonly config?: Record<string, { readonly default?: unknown } | string | number | boolean>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Replaces every `secure:` value with the stand-in; reports whether there was one. */
function redactSecure(value: unknown): { value: unknown; secret: boolean } {
  if (isRecord(value) && Object.keys(value).length === 1 && "secure" in value) {
    return { value: SECURE_STAND_IN, secret: true };
  }
  if (Array.isArray(value)) {
    const items = value.map(redactSecure);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, redactSecure(v)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])),
      secret: entries.some(([, r]) => r.secret),
    };
  }
  return { value, secret: false };
}

function asConfigText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The config of `stackDoc` (a parsed stack file) under the project file's defaults. */
export function cliConfig(projectDoc: unknown, stackDoc: unknown): CliConfig {
  const project = projectDoc as ProjectFile;
  const stackConfig = isRecord(stackDoc) && isRecord(stackDoc.config) ? stackDoc.config : {};
  const namespaced = (key: string): string => (key.includes(":") ? key : `${project.name}:${key}`);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, declaration] of Object.entries(project.config ?? {})) {
    const value = isRecord(declaration) ? declaration.default : declaration;
    if (value !== undefined) config[namespaced(key)] = asConfigText(value);
  }
  for (const [key, raw] of Object.entries(stackConfig)) {
    const { value, secret } = redactSecure(raw);
    config[namespaced(key)] = asConfigText(value);
    if (secret) secretKeys.push(namespaced(key));
  }
  return { project: project.name, config, secretKeys: secretKeys.sort() };
}

/** Another stack's config, as validation reads it; undefined when its file does not exist. */
export function readStackConfig(projectDir: string, stack: string): StackConfigSource | undefined {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return undefined;
  try {
    const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as unknown;
    const cli = cliConfig(project, parse(fs.readFileSync(file, "utf8")) as unknown);
    return { config: cli.config, secretKeys: new Set(cli.secretKeys) };
  } catch (error) {
    return { error: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error) };
  }
}
