import type { Problem } from "./problems";

/** What validation reads: the stack's config as the CLI hands it over, and the files around it. */

/** A catalog file as read from disk: its path (for messages) and its parsed YAML or why it failed. */
export type CatalogSource =
  | { readonly path: string; readonly content: unknown }
  | {
      readonly path: string;
      readonly error: string;
      /** The file is there but could not be read: the problem is named at the file. */
      readonly exists?: boolean;
    };

export interface StackInput {
  /** The stack's config as the CLI passes it: `tenancy:key` → text (structures as JSON). */
  readonly config: Readonly<Record<string, string>>;
  /** Keys the CLI marked secret. */
  readonly secretKeys: ReadonlySet<string>;
  /** Reads the catalog of an environment; called only with a valid environment name. */
  readonly readCatalog: (environment: string) => CatalogSource;
  /** What the stack file itself shows wrong (secrets/stack-file.ts); @default none */
  readonly fileProblems?: readonly Problem[];
  /** The project's stack files, by stack name; the global stack checks regions against them. */
  readonly stackFiles?: ReadonlyMap<string, StackFileSummary>;
}

/** What a project's stack file says of itself: its environment and role. */
export interface StackFileSummary {
  readonly environment?: string;
  readonly role?: string;
  readonly region?: string;
  /** Why the file could not be read, if it could not. */
  readonly error?: string;
}

/** A structured key's value, which the CLI hands over as JSON text. */
export function decodeStructure(fullKey: string, text: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    problems.push({
      path: fullKey,
      reason: "must be a YAML map or list in the stack file, not text",
    });
    return undefined;
  }
}
