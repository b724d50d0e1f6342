import type { Problem } from "../fields/problems";

/**
 * Kubernetes versions the program can run, as the clouds published them. The oldest version in
 * each cloud's standard support is recorded here with its source and the day it was read; `npm
 * test` and the render use these figures, and a preview asks the cloud itself (programs/preflight.ts).
 * When a cloud's calendar moves, change the figure and its date together.
 */

/** A Kubernetes version as stack files write it: "1.35" (a minor) or "1.35.2" (a patch). */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
}

/** Versions as AKS writes them ("1.35", "1.35.2") or GKE ("1.35", "1.35.1-gke.1396000"). */
const VERSION = /^(\d+)\.(\d+)(?:\.(\d+)(?:-gke\.\d+)?)?$/;

export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = VERSION.exec(text);
  if (match === null) return undefined;
  const [, major, minor, patch] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    ...(patch !== undefined ? { patch: Number(patch) } : {}),
  };
}

/** Minor of a version text, e.g. "1.35.2" → "1.35"; undefined when it is not a version. */
export function minorOf(text: string): string | undefined {
  const version = parseKubernetesVersion(text);
  return version && `${version.major}.${version.minor}`;
}

/** Compares minors only: negative when `a` is older than `b`. */
export function compareMinor(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

const minor = (text: string): KubernetesVersion => {
  const version = parseKubernetesVersion(text);
  if (version === undefined) throw new Error(`not a Kubernetes version: ${text}`);
  return version;
};

/**
 * What tenants' isolation needs from the API server: ValidatingAdmissionPolicy is GA (and on by
 * default) from 1.30, and CEL's IP and CIDR library, which the egress policy uses, from 1.31;
 * Pod Security Admission from 1.25.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/ (read 2026-12-02)
 * @see https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-ip-address-library (read 2026-12-02)
 */
export const ADMISSION_FLOOR = {
  version: minor("1.31"),
  why: "ValidatingAdmissionPolicy with CEL's IP and CIDR library",
};

/**
 * The oldest minor each cloud gives standard support, read on the date beside it. AKS supports a
 * minor for 12 months: 1.34 left standard support at the end of November 2026 (1.33 in July; both
 * are LTS-only now, on Premium with the LTS plan), leaving 1.35, 1.36 and 1.37. GKE's channels
 * other than EXTENDED offer 1.34 to 1.37 (STABLE: 1.34 and 1.35).
 * @see https://learn.microsoft.com/en-us/azure/aks/supported-kubernetes-versions#aks-kubernetes-release-calendar (read 2026-12-02)
 * @see https://cloud.google.com/kubernetes-engine/docs/release-schedule (read 2026-12-02)
 */
export const STANDARD_SUPPORT_FLOOR = {
  aks: { version: minor("1.35"), readOn: "2026-12-02" },
  gke: { version: minor("1.34"), readOn: "2026-12-02" },
} as const;

/**
 * AKS Windows Server 2022 node pools run on Kubernetes 1.36 at most: from 1.37 AKS offers only
 * Windows Server 2025 (supported until 2028-06-30 on ≤ 1.36, which is an LTS version).
 * @see https://learn.microsoft.com/en-us/azure/aks/upgrade-windows-os (read 2026-12-02)
 */
export const AKS_WINDOWS2022_LAST = minor("1.36");

/**
 * Said with every version problem where the cluster's upgrade channel owns the version once the
 * cluster exists: the fix is a number that only tells a new cluster where to start.
 */
export const CHANNEL_OWNS_VERSION =
  " (the upgrade channel owns an existing cluster's version: raising it here changes nothing there)";

/** A version older than the admission policies need, with the fix to give. */
export function admissionFloorProblem(text: string, path: string, fix: string): Problem {
  const floor = `${ADMISSION_FLOOR.version.major}.${ADMISSION_FLOOR.version.minor}`;
  return {
    path,
    reason: `${text} is older than ${floor}, the version tenants' admission policies need (${ADMISSION_FLOOR.why}): ${fix}`,
  };
}

/**
 * Problems of a cluster's Kubernetes version against what the program needs and the cloud's
 * standard support; `path` is the key being judged, `note` ends each reason.
 */
export function versionFloorProblems(
  text: string,
  cloud: keyof typeof STANDARD_SUPPORT_FLOOR,
  path: string,
  note = "",
): Problem[] {
  const version = parseKubernetesVersion(text);
  if (version === undefined) return [];
  const problems: Problem[] = [];
  const floor = STANDARD_SUPPORT_FLOOR[cloud];
  const floorText = `${floor.version.major}.${floor.version.minor}`;
  if (compareMinor(version, ADMISSION_FLOOR.version) < 0) {
    problems.push(admissionFloorProblem(text, path, `use ${floorText} or newer${note}`));
  } else if (compareMinor(version, floor.version) < 0) {
    problems.push({
      path,
      reason: `${text} is out of ${cloud.toUpperCase()} standard support (its oldest supported minor was ${floorText} on ${floor.readOn}): use ${floorText} or newer${note}`,
    });
  }
  return problems;
}

/**
 * One minor of the AKS API's "List Kubernetes Versions" answer for a location.
 * @see https://learn.microsoft.com/en-us/rest/api/aks/managed-clusters/list-kubernetes-versions
 */
export interface AksOfferedVersion {
  readonly version: string;
  readonly isPreview?: boolean;
  readonly capabilities?: { readonly supportPlan?: readonly string[] };
  readonly patchVersions?: Readonly<Record<string, unknown>>;
}

/** Minors in standard support (plan `KubernetesOfficial`), oldest first. */
function standardMinors(offered: readonly AksOfferedVersion[]): string[] {
  return offered
    .filter((v) => v.isPreview !== true)
    .filter((v) => v.capabilities?.supportPlan?.includes("KubernetesOfficial") ?? true)
    .map((v) => v.version)
    .sort((a, b) => compareMinor(minor(a), minor(b)));
}

/** The stack's AKS version against what AKS offers in its region today. */
export function aksOfferedProblems(
  kubernetesVersion: string,
  offered: readonly AksOfferedVersion[],
  region: string,
  note = "",
): Problem[] {
  const path = "tenancy:cluster.kubernetesVersion";
  const wanted = minorOf(kubernetesVersion);
  const choices = standardMinors(offered);
  const entry = offered.find((v) => v.version === wanted);
  const fix = `use one of ${choices.join(", ")}${note}`;
  if (entry === undefined || entry.isPreview === true) {
    return [{ path, reason: `AKS in ${region} does not offer ${kubernetesVersion} today: ${fix}` }];
  }
  if (!choices.includes(entry.version)) {
    return [
      {
        path,
        reason: `${kubernetesVersion} is LTS-only on AKS in ${region} (Premium tier with the LTS plan): ${fix}`,
      },
    ];
  }
  const patches = entry.patchVersions && Object.keys(entry.patchVersions);
  if (
    kubernetesVersion !== wanted &&
    patches !== undefined &&
    !patches.includes(kubernetesVersion)
  ) {
    return [
      {
        path,
        reason: `AKS in ${region} does not offer patch ${kubernetesVersion}: use ${wanted} or one of ${patches.join(", ")}${note}`,
      },
    ];
  }
  return [];
}

/** What GKE's `getEngineVersions` tells about a location (the fields the check reads). */
export interface GkeOfferedVersions {
  readonly validMasterVersions: readonly string[];
  readonly releaseChannelLatestVersion: Readonly<Record<string, string>>;
}

/**
 * The stack's GKE minimum version against its release channel in its region: a cluster on a
 * channel must start on a version that channel offers.
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/data-sources/container_engine_versions
 */
export function gkeOfferedProblems(
  kubernetesVersion: string,
  channel: string,
  offered: GkeOfferedVersions,
  region: string,
  note = "",
): Problem[] {
  const path = "tenancy:cluster.kubernetesVersion";
  const wanted = parseKubernetesVersion(kubernetesVersion);
  if (wanted === undefined) return [];
  const latest = offered.releaseChannelLatestVersion[channel];
  const latestVersion = latest === undefined ? undefined : parseKubernetesVersion(latest);
  if (latestVersion !== undefined && compareMinor(wanted, latestVersion) > 0) {
    return [
      {
        path,
        reason: `${kubernetesVersion} is newer than the ${channel} channel offers in ${region} (${latest}): use ${minorOf(latest ?? "")} or an older minor, or another releaseChannel${note}`,
      },
    ];
  }
  const valid = offered.validMasterVersions.some(
    (v) =>
      v === kubernetesVersion || (wanted.patch === undefined && minorOf(v) === kubernetesVersion),
  );
  if (!valid) {
    const minors = [...new Set(offered.validMasterVersions.map((v) => minorOf(v) ?? v))].sort();
    return [
      {
        path,
        reason: `GKE in ${region} does not offer ${kubernetesVersion} today: use one of ${minors.join(", ")}${note}`,
      },
    ];
  }
  return [];
}
