import type { Problem } from "../fields/problems";
import type { ClusterSpec } from "../cluster/spec";

/**
 * Windows containers run with process isolation on AKS and GKE, which needs the image's Windows
 * Server release to be the node's: an ltsc2019 image does not start on a Windows Server 2022
 * node. The release is read from the image's tag (`…-ltsc2022`), as Microsoft's and most vendors'
 * Windows images name it; an image whose tag names none is not judged.
 * @see https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility (read 2026-12-02)
 */

/** The application's components that run on Windows. */
const WINDOWS_COMPONENTS = ["web", "services"] as const;

/** The Windows Server release an image is built for, from its tag: "2022" for `…:10.4-ltsc2022`. */
function imageRelease(image: string): string | undefined {
  const tag = image.split("@")[0]?.split("/").at(-1)?.split(":")[1] ?? "";
  return /ltsc(20\d\d)/.exec(tag)?.[1];
}

/**
 * The releases of the cluster's Windows nodes; undefined where the program does not know them
 * (an existing cluster). GKE's Windows pools are made LTSC 2022 (components/cluster/gke.ts).
 */
function nodeReleases(cluster: ClusterSpec): readonly string[] | undefined {
  switch (cluster.platform) {
    case "aks":
      // Windows2019 is refused on its own (retired): its pools are not what images should match.
      return [
        ...new Set(
          cluster.windowsPools
            .filter((p) => p.osSku !== "Windows2019")
            .map((p) => p.osSku.replace("Windows", "")),
        ),
      ];
    case "gke":
      return cluster.windowsPools.length > 0 ? ["2022"] : [];
    case "existing":
      return undefined;
  }
}

/** Windows images of another release than some Windows pool's; `at` names each image's key. */
export function windowsImageProblems(
  images: Readonly<Partial<Record<(typeof WINDOWS_COMPONENTS)[number], string>>>,
  cluster: ClusterSpec,
  at: (component: string) => string,
): Problem[] {
  const releases = nodeReleases(cluster);
  if (releases === undefined) return [];
  return WINDOWS_COMPONENTS.flatMap((component) => {
    const image = images[component];
    const release = image !== undefined ? imageRelease(image) : undefined;
    const other = releases.filter((r) => r !== release);
    if (release === undefined || other.length === 0) return [];
    return [
      {
        path: at(component),
        reason: `"${image ?? ""}" is built for Windows Server ${release}, and this cluster's Windows pools run ${other.map((r) => `Windows Server ${r}`).join(", ")}: use the image's ltsc${other[0] ?? ""} tag, or pools of its release`,
      },
    ];
  });
}
