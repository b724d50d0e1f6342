/**
 * Container image references as the catalog writes them, and the two rules every image of a
 * tenant follows: pinned (a version tag or a digest, never `latest`) and pulled from a registry
 * the tenant may use.
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */

export interface ImageReference {
  /** Registry host with optional port, e.g. `docker.io`, `registry.example.com:5000`. */
  readonly host: string;
  /** Repository path under the host, e.g. `advantys/workflowgen`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const HOST =
  /^(?:localhost|[a-z0-9]+(?:[.-][a-z0-9]+)*\.[a-z0-9-]+|[a-z0-9]+(?:[.-][a-z0-9]+)*:[0-9]{1,5})$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export type ImageParse =
  | { readonly ok: true; readonly image: ImageReference }
  | { readonly ok: false; readonly reason: string };

export function parseImage(text: string): ImageParse {
  const [name = "", digest, ...more] = text.split("@");
  if (more.length > 0 || (digest !== undefined && !DIGEST.test(digest))) {
    return { ok: false, reason: `"${text}" has a malformed digest: write @sha256:<64 hex digits>` };
  }
  const slash = name.indexOf("/");
  const host = slash > 0 ? name.slice(0, slash) : "";
  if (!HOST.test(host)) {
    return {
      ok: false,
      reason: `"${text}" must start with its registry host, e.g. docker.io/${text} or mcr.microsoft.com/…`,
    };
  }
  const rest = name.slice(slash + 1);
  const colon = rest.lastIndexOf(":");
  const repository = colon >= 0 ? rest.slice(0, colon) : rest;
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  if (!repository.split("/").every((part) => PATH_COMPONENT.test(part))) {
    return {
      ok: false,
      reason: `"${text}" has an invalid repository path: lowercase letters, digits and . _ - between them`,
    };
  }
  if (tag !== undefined && !TAG.test(tag)) {
    return {
      ok: false,
      reason: `"${text}" has an invalid tag: letters, digits, _ . - (at most 128)`,
    };
  }
  return {
    ok: true,
    image: {
      host,
      repository,
      ...(tag !== undefined ? { tag } : {}),
      ...(digest !== undefined ? { digest } : {}),
    },
  };
}

/** Why `image` is not pinned to one build, if it is not. */
export function unpinnedReason(image: ImageReference): string | undefined {
  if (image.digest !== undefined) return undefined;
  if (image.tag === undefined) return "has no tag: pin a version tag or a digest (@sha256:…)";
  if (image.tag === "latest") return "`latest` moves: pin a version tag or a digest (@sha256:…)";
  return undefined;
}

/** Whether `image` comes from `registry` (a host, optionally with a path prefix). */
export function fromRegistry(image: ImageReference, registry: string): boolean {
  const name = `${image.host}/${image.repository}`;
  return name.startsWith(`${registry}/`);
}
