import * as fs from "fs";
import Module from "module";
import * as path from "path";

/**
 * What a render's process does differently from `pulumi up`, because its engine is the mock in
 * this process: it loads no module it never uses, and it skips SDK work only a real engine needs.
 * Imported first by the render's entry points and preloaded by the tests; `pulumi up` loads and
 * runs the SDK as it is.
 *
 * The mock runtime never serializes a function into a resource, so the SDK's closure serializer
 * is never called. Its one use of npm's package tree reader (`@npmcli/arborist`, with sigstore,
 * pacote and some 450 modules behind it, nearly half of the SDK's load time) is answered by a
 * stand-in that fails loudly if it ever is called; the other modules the SDK loads for what a
 * render never does are loaded on first use.
 */

const ARBORIST = {
  Arborist: function Arborist(): never {
    throw new Error("the offline render does not serialize functions (@npmcli/arborist)");
  },
};

// Node 22.1 and later keep compiled code between runs: most of a render's start is compiling the
// SDKs' JavaScript, the same each time. (Node 20 has no such cache.)
(Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Module._load, Module._extensions and Module.prototype's load and _compile are Node's internal
// loader hooks, not in @types/node: typed here for this one use.
interface LoadedModule {
  exports: unknown;
  load: (this: LoadedModule, filename: string) => void;
  _compile: (content: string, filename: string) => void;
}
type LoadFile = (this: unknown, module: LoadedModule, filename: string) => void;
const loader = Module as unknown as {
  _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
  _extensions: Record<string, LoadFile>;
  prototype: LoadedModule;
};

/**
 * Dependencies are CommonJS JavaScript: they load as Node itself loads them. tsx, there for the
 * project's TypeScript, would otherwise scan each of their files for ES module syntax, a sixth
 * of a small render.
 */
const DEPENDENCY = `${path.sep}node_modules${path.sep}`;
const loadScript = loader._extensions[".js"];
if (loadScript !== undefined) {
  loader._extensions[".js"] = function (module, filename) {
    if (!filename.includes(DEPENDENCY)) {
      loadScript.call(this, module, filename);
      return;
    }
    const source = fs.readFileSync(filename, "utf8");
    module._compile(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source, filename);
  };
}

/**
 * Modules the SDK loads eagerly that a render never uses, by the request and the SDK file making
 * it: each is loaded on first use of one of its members instead.
 */
const UNUSED_IN_RENDERS: readonly (readonly [request: string, from: string])[] = [
  // The closure serializer: the TypeScript compiler and npm's package.json normalizer.
  [
    "../../typescript-shim",
    path.join("@pulumi", "pulumi", "runtime", "closure", "parseFunction.js"),
  ],
  ["normalize-package-data", path.join("@pulumi", "pulumi", "runtime", "closure", "codePaths.js")],
  // The Automation API (workspaces driving the CLI), which the program never drives.
  ["./automation", path.join("@pulumi", "pulumi", "index.js")],
];

const load = loader._load;
loader._load = function (request, parent, isMain) {
  if (request === "@npmcli/arborist") return ARBORIST;
  const from = parent?.filename;
  if (
    from !== undefined &&
    UNUSED_IN_RENDERS.some(([unused, file]) => request === unused && from.endsWith(file))
  ) {
    let loaded: Record<string | symbol, unknown> | undefined;
    return new Proxy(
      {},
      {
        // `__esModule` first: the SDK's import helper then takes the module as it is.
        get: (_target, member) => {
          if (member === "__esModule") return true;
          loaded ??= load.call(this, request, parent, isMain) as typeof loaded;
          return loaded?.[member];
        },
      },
    );
  }
  return load.call(this, request, parent, isMain);
};

/** google-protobuf's Struct, as far as the change below uses it. */
interface ProtobufStruct {
  toJavaScript: () => Record<string, unknown>;
  getFieldsMap: (this: ProtobufStruct) => unknown;
  serializeBinary: (this: ProtobufStruct) => Uint8Array;
  toObject: (this: ProtobufStruct) => unknown;
}
interface StructClass {
  new (): ProtobufStruct;
  prototype: ProtobufStruct;
  fromJavaScript: (value: Record<string, unknown>) => ProtobufStruct;
}

/**
 * The value as protobuf carries it: a copy taken when it is encoded, each object's keys in order
 * as protobuf's map gives them. Throws where protobuf's encoder throws (an undefined or a
 * function anywhere in the value), so a render fails where `pulumi up` would.
 */
function encoded(value: unknown): unknown {
  if (value === null) return value;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object": {
      // Array.from visits holes, which read as undefined, as the encoder finds them.
      if (Array.isArray(value)) return Array.from(value as unknown[], encoded);
      // `for in`, as the encoder walks an object: inherited enumerable keys too.
      const keys: string[] = [];
      for (const key in value) keys.push(key);
      const copy: Record<string, unknown> = {};
      for (const key of keys.sort()) copy[key] = encoded((value as Record<string, unknown>)[key]);
      return copy;
    }
    default:
      throw new Error("Unexpected struct type.");
  }
}

/** Changes to SDK modules, made when the program first loads each (the tests load few). */
const SDK_CHANGES = new Map<string, (exports: never) => void>([
  /**
   * The SDK wraps each promise it makes for its leak report: a stack trace, three properties and
   * two more promises each, so that a `pulumi up` whose program hangs says which promise never
   * settled. Under the mock runtime every registration settles within the run, and that wrapping
   * was a tenth of a large render's garbage: the render takes each promise as it is.
   */
  [
    path.join("@pulumi", "pulumi", "runtime", "debuggable.js"),
    (debuggable: {
      debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T>;
    }) => {
      debuggable.debuggablePromise = (promise) => promise;
    },
  ],
  /**
   * The SDK records where in the program each resource was declared, for the engine's messages:
   * a full stack trace per resource, parsed line by line. A render shows no such message.
   */
  [
    path.join("@pulumi", "pulumi", "resource.js"),
    (sdk: { Resource: { callsites: () => readonly object[] } }) => {
      sdk.Resource.callsites = () => [];
    },
  ],
  /**
   * The SDK encodes each registration's inputs as a protobuf Struct for the engine and decodes the
   * engine's answer from one; a render's engine is the mock in this process, which only decodes.
   * A Struct made here holds a copy of the value as protobuf would carry it, which decoding gives,
   * and builds its protobuf fields the first time anything reads them as protobuf (nothing in a
   * render does). Building those fields was a tenth of a large render. A request holding such a
   * Struct cannot be sent over the wire; a render sends none.
   */
  [
    path.join("google-protobuf", "google", "protobuf", "struct_pb.js"),
    (proto: { Struct: StructClass }) => {
      const { Struct } = proto;
      const encode = Struct.fromJavaScript.bind(Struct);
      Struct.fromJavaScript = (value) => {
        const carried = encoded(value) as Record<string, unknown>;
        // Each decoding is a copy of its own; the first takes the one made here.
        let unread: typeof carried | undefined = carried;
        const struct = new Struct();
        let built = false;
        const asProtobuf = <T>(read: (this: ProtobufStruct) => T) =>
          function (this: ProtobufStruct): T {
            if (!built) Object.assign(struct, encode(carried));
            built = true;
            return read.call(this);
          };
        struct.toJavaScript = () => {
          const decoded = unread ?? (encoded(carried) as typeof carried);
          unread = undefined;
          return decoded;
        };
        struct.getFieldsMap = asProtobuf(Struct.prototype.getFieldsMap);
        struct.serializeBinary = asProtobuf(Struct.prototype.serializeBinary);
        struct.toObject = asProtobuf(Struct.prototype.toObject);
        return struct;
      };
    },
  ],
]);

const loadModule = loader.prototype.load;
loader.prototype.load = function (filename) {
  loadModule.call(this, filename);
  for (const [file, change] of SDK_CHANGES) {
    if (filename.endsWith(file)) change(this.exports as never);
  }
};
