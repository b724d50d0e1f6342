import * as fs from "fs";
import * as path from "path";
import type { CallHandler } from "./mock-runtime";

/**
 * What the render answers for the calls a preview makes to the clouds (programs/preflight.ts):
 * invokes through the mock monitor, and the one HTTP call to Azure Resource Manager through a
 * stand-in for `fetch`. Answers come from recorded/; anything else is an error, so no call to a
 * cloud goes unnoticed (or out of this machine).
 */

const RECORDED = path.join(__dirname, "recorded");
const readRecorded = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(RECORDED, file), "utf8")) as Record<string, unknown>;

const locationOf = (inputs: unknown): { location?: string } => {
  const location = (inputs as { location?: unknown } | undefined)?.location;
  return typeof location === "string" ? { location } : {};
};

/** Stand-ins for the identity a real preview runs as; never a real subscription. */
const RENDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export const answerCall: CallHandler = (args) => {
  switch (args.token) {
    case "azure-native:authorization:getClientConfig":
      return {
        subscriptionId: RENDER_SUBSCRIPTION,
        tenantId: RENDER_SUBSCRIPTION,
        clientId: RENDER_SUBSCRIPTION,
        objectId: RENDER_SUBSCRIPTION,
      };
    case "azure-native:authorization:getClientToken":
      return { token: "render-has-no-token" };
    case "gcp:container/getEngineVersions:getEngineVersions":
      // MockCallArgs types its inputs as any.
      return { ...readRecorded("gke-engine-versions.json"), ...locationOf(args.inputs as unknown) };
    default:
      throw new Error(`render: no offline answer for invoke ${args.token}`);
  }
};

const AKS_VERSIONS =
  /^https:\/\/management\.azure\.com\/subscriptions\/[^/]+\/providers\/Microsoft\.ContainerService\/locations\/[^/]+\/kubernetesVersions\?/;

/** `fetch` for the render: the AKS versions list from recorded/, and nothing else. */
export const recordedFetch: typeof fetch = (input) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!AKS_VERSIONS.test(url)) {
    return Promise.reject(new Error(`render: no offline answer for GET ${url}`));
  }
  const body = JSON.stringify({ values: readRecorded("aks-kubernetes-versions.json").values });
  return Promise.resolve(
    new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
  );
};
