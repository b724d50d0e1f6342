import Module from "module";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import {
  RegisterResourceResponse,
  type ReadResourceRequest,
  type RegisterResourceRequest,
} from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SECURE_STAND_IN, type CliConfig } from "./stack-config";

/**
 * Runs the program under the SDK's mock runtime, as a preview: each resource's outputs are its
 * inputs, and what only the cloud would know stays unknown ({@link COMPUTED}). Records every
 * registration with its parent, provider and dependencies, which the SDK's Mocks hook omits.
 */

export const COMPUTED = "<computed>";
/** What the render writes for every secret value. */
export const SECRET_PLACEHOLDER = "[secret]";

/** Wire-format markers of the Pulumi property protocol. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly dependencies: string[];
  readonly provider: string | null;
  readonly inputs: Record<string, unknown>;
  /** Set when the resource is protected: the engine refuses to delete or replace it. */
  readonly protect?: true;
  /** Set when deleting the resource from the stack leaves the object in place. */
  readonly retainOnDelete?: true;
  /** Set for what the program reads rather than manages (`.get`, StackReference). */
  readonly read?: true;
  /** What a read found, where the program reads it: a StackReference's outputs. */
  readonly outputs?: Record<string, unknown>;
  /** Inputs the engine leaves as they are after creation (`ignoreChanges`), when any. */
  readonly ignoreChanges?: string[];
}

/** The program threw; `resources` is what it had registered by then. */
export class ProgramError extends Error {
  constructor(
    message: string,
    readonly resources: readonly RecordedResource[],
  ) {
    super(message);
    this.name = "ProgramError";
  }
}

export interface ProgramRun {
  readonly resources: RecordedResource[];
  readonly outputs: Record<string, unknown>;
}

/** Invoke results a preview would see; anything else is an error, so no call goes unnoticed. */
export type CallHandler = (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;

/**
 * Another stack's outputs as a preview reads them through a StackReference (by its fully
 * qualified name); undefined: not known here, so they stay unknown, as for a stack never deployed.
 */
export type StackOutputs = (name: string) => Record<string, unknown> | undefined;

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A StackReference's state: the outputs, those shown "[secret]" marked secret again. */
function stackReferenceState(name: string, outputs: Record<string, unknown>) {
  const secretOutputNames = Object.keys(outputs).filter((k) => outputs[k] === SECRET_PLACEHOLDER);
  const wrapped = Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [
      k,
      secretOutputNames.includes(k) ? { [SIG_KEY]: SECRET_SIG, value: SECURE_STAND_IN } : v,
    ]),
  );
  return { name, outputs: wrapped, secretOutputNames };
}

/**
 * A secret as the render shows it: a map keeps its keys (a Secret's `data`, which the Kubernetes
 * SDK wraps whole, then shows which keys exist) with every value hidden; anything else is hidden.
 */
function hidden(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return SECRET_PLACEHOLDER;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((k) => [k, SECRET_PLACEHOLDER]));
}

/** Wire values → plain JSON: secrets hidden, unknowns marked, resource references as URNs. */
function plain(value: unknown): unknown {
  if (value === UNKNOWN) return COMPUTED;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return hidden(record.value);
    if (record[SIG_KEY] === RESOURCE_SIG) return record.urn;
    const keys = Object.keys(record).sort();
    return Object.fromEntries(keys.map((k) => [k, plain(record[k])]));
  }
  return value;
}

/** Output internals a preview needs: `apply` never runs on an unknown value, so ask directly. */
interface PreviewableOutput {
  readonly isSecret: Promise<boolean>;
  promise(withUnknowns: boolean): Promise<unknown>;
}

/** Stack outputs as a preview shows them: secrets hidden, unknowns marked, resources as URNs. */
async function previewValue(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as PreviewableOutput;
    if (await output.isSecret) return SECRET_PLACEHOLDER;
    const resolved = await output.promise(true);
    return pulumi.isUnknown(resolved) ? COMPUTED : previewValue(resolved);
  }
  if (pulumi.Resource.isInstance(value)) return previewValue(value.urn);
  if (Array.isArray(value)) return Promise.all(value.map(previewValue));
  if (typeof value === "object" && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await previewValue(v)] as const),
    );
    return Object.fromEntries(
      entries.filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }
  return value;
}

const urnOfReference = (reference: string): string | null =>
  reference === "" ? null : reference.split("::").slice(0, -1).join("::");

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * URNs as the engine makes them: the type is the parent's qualified type, then `$` and the
 * resource's own, leaving out the root stack. (The SDK's mock keeps only the parent's last type.)
 */
function engineUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  const parentType = parent === "" ? ROOT_STACK_TYPE : (parent.split("::")[2] ?? ROOT_STACK_TYPE);
  const qualified = parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * Marks the outputs a provider declares secret (`additionalSecretOutputs`, e.g. a RandomPassword's
 * `result`) as the engine does, so they read "[secret]" wherever they flow. One a preview cannot
 * know yet gets the stand-in secure config values get: what holds it (a Secret's data) is then
 * known and rendered key by key, and the stand-in found in plain text anywhere is a leak.
 */
function markSecret(response: RegisterResourceResponse | undefined, names: readonly string[]) {
  const state = response?.getObject()?.toJavaScript();
  if (response === undefined || state === undefined) return;
  for (const name of names) {
    const value = state[name];
    const wrapped = typeof value === "object" && value !== null && !Array.isArray(value);
    if (wrapped && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG) continue;
    state[name] = { [SIG_KEY]: SECRET_SIG, value: value ?? SECURE_STAND_IN };
  }
  response.setObject(Struct.fromJavaScript(state));
}

class RecordingMonitor extends MockMonitor {
  /**
   * What the program registered, inputs as JSON text until the run ends: one string each holds a
   * manifest the garbage collector would otherwise walk as thousands of objects, on every pass
   * while the program runs.
   */
  private readonly held: (Omit<RecordedResource, "inputs"> & { readonly inputs: string })[] = [];

  /** What the program registered, in the order it did. */
  records(): RecordedResource[] {
    return this.held.map((r) => ({
      ...r,
      inputs: JSON.parse(r.inputs) as Record<string, unknown>,
    }));
  }

  constructor(
    mocks: pulumi.runtime.Mocks,
    private readonly stack: string,
    private readonly project: string,
    private readonly stackOutputs?: StackOutputs,
  ) {
    super(mocks);
    // `newUrn` is private in the SDK's typings; replacing it is the one hook for engine-style URNs
    // where the SDK's mock still makes them (reads).
    Object.assign(this, {
      newUrn: (parent: string, type: string, name: string) =>
        engineUrn(stack, project, parent, type, name),
    });
  }

  /**
   * Answers a registration as a provider's preview does, with the inputs as the state, echoing the
   * request's own wire value. (The SDK's mock decodes it, asks the mocks, and encodes the answer
   * again for each resource, the same value; most of the render's garbage was that round trip.)
   */
  override registerResource(
    req: RegisterResourceRequest,
    callback: (err: unknown, res: unknown) => void,
  ): Promise<void> {
    const object = req.getObject() ?? new Struct();
    const wire = object.toJavaScript();
    // The SDK decodes the answer, this same value, once more: it gets this decoding. (The record
    // below is text before the SDK sees it, so nothing it does to the value reaches the render.)
    object.toJavaScript = () => wire;
    const ignoreChanges = req.getIgnorechangesList();
    const propertyDependencies = [...req.getPropertydependenciesMap().entries()].flatMap(
      ([, deps]: [string, RegisterResourceRequest.PropertyDependencies]) => deps.getUrnsList(),
    );
    const custom = req.getCustom();
    const urn = engineUrn(this.stack, this.project, req.getParent(), req.getType(), req.getName());
    this.held.push({
      urn,
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent() === "" ? null : req.getParent(),
      dependencies: [...new Set([...req.getDependenciesList(), ...propertyDependencies])].sort(),
      provider: urnOfReference(req.getProvider()),
      inputs: JSON.stringify(plain(wire)),
      // Only when set, so entries stay short; data protection is what reviewers look for.
      ...(req.getProtect() === true ? { protect: true as const } : {}),
      ...(req.getRetainondelete() === true ? { retainOnDelete: true as const } : {}),
      ...(ignoreChanges.length > 0 ? { ignoreChanges: [...ignoreChanges].sort() } : {}),
    });
    const id = custom ? `${req.getName()}-id` : "";
    // Components keep their state, which registerOutputs completes; the render reads no other.
    if (!custom) this.resources.set(urn, { urn, id, state: wire });
    const response = new RegisterResourceResponse();
    response.setUrn(urn);
    response.setId(id);
    response.setObject(object);
    const secretOutputs = req.getAdditionalsecretoutputsList();
    if (secretOutputs.length > 0) markSecret(response, secretOutputs);
    callback(null, response);
    return Promise.resolve();
  }

  override async readResource(
    req: ReadResourceRequest,
    callback: (err: unknown, res: unknown) => void,
  ) {
    const inputs = plain(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const found =
      req.getType() === STACK_REFERENCE ? this.stackOutputs?.(String(inputs.name)) : undefined;
    const record = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent() === "" ? null : req.getParent(),
      dependencies: [...req.getDependenciesList()].sort(),
      provider: urnOfReference(req.getProvider()),
      inputs,
      read: true as const,
      ...(found !== undefined ? { outputs: found } : {}),
    };
    return super.readResource(req, (err, res) => this.record(record, err, res, callback));
  }

  private record(
    record: Omit<RecordedResource, "urn">,
    err: unknown,
    res: unknown,
    callback: (err: unknown, res: unknown) => void,
  ): void {
    const urn = (res as { getUrn?: () => string } | undefined)?.getUrn?.();
    if (urn !== undefined)
      this.held.push({ urn, ...record, inputs: JSON.stringify(record.inputs) });
    callback(err, res);
  }
}

/**
 * Runs `programPath` as the root of stack `stack`, in `projectDir` as the CLI would, with
 * `cli`'s config, and returns what it registered. Once per process: the SDK's state is global.
 */
export async function runProgram(
  programPath: string,
  projectDir: string,
  stack: string,
  cli: CliConfig,
  call: CallHandler,
  fetchStandIn: typeof fetch,
  stackOutputs?: StackOutputs,
): Promise<ProgramRun> {
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => {
      const inputs = args.inputs as Record<string, unknown>;
      const reference = String(inputs.name);
      const found = args.type === STACK_REFERENCE ? stackOutputs?.(reference) : undefined;
      return {
        id: args.custom ? `${args.name}-id` : "",
        state: found !== undefined ? stackReferenceState(reference, found) : inputs,
      };
    },
    call: (args) => call(args),
  };
  // The SDK formats a stack trace for every promise it makes (for leak reports) and every
  // resource (for source positions); under tsx each goes through source maps. A render needs
  // neither, and that formatting was most of its time: measured in BENCHMARKS.md.
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = 0;
  await pulumi.runtime.setMocks(mocks, cli.project, stack, true);
  const monitor = new RecordingMonitor(mocks, stack, cli.project, stackOutputs);
  pulumi.runtime.setMockOptions(monitor, cli.project, stack, true);
  pulumi.runtime.setAllConfig(cli.config, cli.secretKeys);
  // The language host passes both through the environment too; the program reads them there.
  process.env.PULUMI_CONFIG = JSON.stringify(cli.config);
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(cli.secretKeys);

  process.chdir(projectDir);
  // The program's calls to clouds over HTTP get recorded answers (scripts/render/recorded.ts).
  globalThis.fetch = fetchStandIn;

  const sorted = (): RecordedResource[] =>
    monitor.records().sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  // The program's error is caught inside the stack's callback: thrown through the SDK, it would
  // also reject promises there that nothing awaits.
  let failure: { readonly error: unknown } | undefined;
  let exports: Record<string, unknown> = {};
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      const loaded = Module.createRequire(__filename)(programPath) as { default?: unknown };
      // The program is CommonJS, required as the CLI's language host does: `export =` is the
      // module itself, `export default` its `default`; a function is run and awaited.
      const entry = loaded.default ?? loaded;
      const value: unknown = typeof entry === "function" ? await (entry as () => unknown)() : entry;
      exports = { ...(value as Record<string, unknown>) };
      return exports;
    } catch (error) {
      failure = { error };
      return {};
    }
  });
  await pulumi.runtime.disconnect();
  if (failure !== undefined) {
    const { error } = failure;
    throw new ProgramError(error instanceof Error ? error.message : String(error), sorted());
  }
  return { resources: sorted(), outputs: (await previewValue(exports)) as Record<string, unknown> };
}
