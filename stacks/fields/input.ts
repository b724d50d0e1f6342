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
  /** The stack's name (`pulumi stack`), where known: a tenants stack is named for its shard. */
  readonly stackName?: string;
  /** Keys the CLI marked secret. */
  readonly secretKeys: ReadonlySet<string>;
  /** Reads the catalog of an environment; called only with a valid environment name. */
  readonly readCatalog: (environment: string) => CatalogSource;
  /** What the stack file itself shows wrong (secrets/stack-file.ts); @default none */
  readonly fileProblems?: readonly Problem[];
  /** The project's stack files, by stack name; the global stack checks regions against them. */
  readonly stackFiles?: ReadonlyMap<string, StackFileSummary>;
  /**
   * Another stack's config as the CLI would pass it, its secrets never decrypted (a tenants
   * stack reads its cluster stack's); undefined when the file does not exist. @default none
   */
  readonly readStackConfig?: (stack: string) => StackConfigSource | undefined;
}

/** A stack file's config in the CLI's form, or why it could not be read. */
export type StackConfigSource =
  | {
      readonly config: Readonly<Record<string, string>>;
      readonly secretKeys: ReadonlySet<string>;
    }
  | { readonly error: string };

/** What a project's stack file says of itself: its environment and role. */
export interface StackFileSummary {
  readonly environment?: string;
  readonly role?: string;
  readonly region?: string;
  /** The shard of a `tenants` stack. */
  readonly shard?: string;
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
