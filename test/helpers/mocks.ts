import * as pulumi from "@pulumi/pulumi";

/** A registration the mocks saw, with its inputs as plain values. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly provider: string | undefined;
  readonly inputs: Record<string, unknown>;
}

/**
 * Installs mocks that record every resource and refuse every invoke not listed in `calls`.
 * Import the code under test after this, with a dynamic import().
 */
export async function recordResources(
  calls: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {},
): Promise<Registered[]> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({
          type: args.type,
          name: args.name,
          provider: args.provider,
          inputs: args.inputs as Record<string, unknown>,
        });
        // A generated value is known, so what is built from it (a connection string) is too.
        const generated = args.type.startsWith("random:") ? { result: `${args.name}-result` } : {};
        return {
          id: args.custom ? `${args.name}-id` : "",
          state: { ...(args.inputs as Record<string, unknown>), ...generated },
        };
      },
      call: (args) => {
        const answer = calls[args.token];
        if (answer === undefined) throw new Error(`unexpected invoke ${args.token}`);
        return answer(args.inputs as Record<string, unknown>);
      },
    },
    "tenancy",
    "test",
    true,
  );
  return registered;
}

/** Waits until every registration in flight has been answered. */
export function settle(): Promise<void> {
  return pulumi.runtime.disconnect();
}

/** The value of a secret as the mocks see it (a signature and its value), else the value itself. */
export function unsecret(value: unknown): unknown {
  const wrapped = value as { value?: unknown } | null;
  return typeof value === "object" &&
    wrapped !== null &&
    "value" in wrapped &&
    Object.keys(wrapped).length === 2
    ? wrapped.value
    : value;
}
