import Module from "module";

/**
 * The render runs the program under the SDK's mock runtime, which never serializes a function
 * into a resource, so the SDK's closure serializer is never called. Its one use of npm's package
 * tree reader (`@npmcli/arborist`, with sigstore, pacote and some 450 modules behind it, nearly
 * half of the SDK's load time) is answered by a stand-in that fails loudly if it ever is called.
 * Imported first by the render's entry points and preloaded by the tests; `pulumi up` loads the
 * SDK whole.
 */

const STAND_IN = {
  Arborist: function Arborist(): never {
    throw new Error("the offline render does not serialize functions (@npmcli/arborist)");
  },
};

// Node 22.1 and later keep compiled code between runs: most of a render's start is compiling the
// SDKs' JavaScript, the same each time. (Node 20 has no such cache.)
(Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Module._load is Node's internal loader hook, not in @types/node: typed here for this one use.
const loader = Module as unknown as {
  _load: (request: string, parent: unknown, isMain: boolean) => unknown;
};
const load = loader._load;
loader._load = function (request, parent, isMain) {
  return request === "@npmcli/arborist" ? STAND_IN : load.call(this, request, parent, isMain);
};

/**
 * The SDK wraps each promise it makes for its leak report: a stack trace, three properties and
 * two more promises each, so that a `pulumi up` whose program hangs says which promise never
 * settled. Under the mock runtime every registration settles within the run, and that wrapping
 * was a tenth of a large render's garbage: the render takes each promise as it is.
 */
const debuggable = Module.createRequire(__filename)("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T>;
};
debuggable.debuggablePromise = (promise) => promise;

/**
 * The SDK records where in the program each resource was declared, for the engine's messages:
 * a full stack trace per resource, parsed line by line. A render shows no such message.
 */
const sdk = Module.createRequire(__filename)("@pulumi/pulumi/resource") as {
  Resource: { callsites: () => readonly object[] };
};
sdk.Resource.callsites = () => [];
