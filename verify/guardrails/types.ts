import type { Inventory } from "../inventory";

/** What a guardrail rule reads: the objects, and which namespaces are tenants' (by tenant). */
export interface GuardrailContext {
  readonly inventory: Inventory;
  readonly tenants: ReadonlyMap<string, string>;
}

/** One object breaking a rule. */
export interface Finding {
  /** `Kind namespace/name`, with the container when it is one container's fault. */
  readonly object: string;
  readonly message: string;
}

export interface Guardrail {
  readonly id: string;
  readonly title: string;
  /** The MTB benchmark and Pod Security Standard controls the rule implements. */
  readonly controls: readonly string[];
  readonly check: (context: GuardrailContext) => Finding[];
}

export interface GuardrailResult {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly string[];
  readonly passed: boolean;
  readonly findings: readonly Finding[];
}
