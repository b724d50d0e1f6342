import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { CHARTS } from "../components/cluster/addon-values";
import { REPO } from "./helpers/project";

/**
 * Every version a stack file pins must be one Renovate keeps current: each add-on's chartVersion
 * is found by a custom manager of renovate.json, with the add-on's own chart and repository.
 */

interface CustomManager {
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
}

const renovate = JSON.parse(fs.readFileSync(path.join(REPO, "renovate.json"), "utf8")) as {
  customManagers: CustomManager[];
};

/** Renovate's `/regex/` file patterns; globs are not used here. */
const filePattern = (pattern: string): RegExp => {
  const match = /^\/(.*)\/$/.exec(pattern);
  assert.ok(match, `${pattern}: write file patterns as /regex/`);
  return new RegExp(match[1] ?? "");
};

/** What Renovate would find in `file`: dependency, registry and version of each match. */
function found(file: string, text: string): { dep: string; registry?: string; version: string }[] {
  return renovate.customManagers
    .filter((m) => m.managerFilePatterns.some((p) => filePattern(p).test(file)))
    .flatMap((m) => m.matchStrings)
    .flatMap((source) => [...text.matchAll(new RegExp(source, "g"))])
    .map((match) => ({
      dep: match.groups?.depName ?? "",
      registry: match.groups?.registryUrl,
      version: match.groups?.currentValue ?? "",
    }));
}

const stackFiles = fs.readdirSync(REPO).filter((f) => /^Pulumi\..+\.yaml$/.test(f));

describe("Renovate", () => {
  it("keeps every chart version of every stack file current", () => {
    let pins = 0;
    for (const file of stackFiles) {
      const text = fs.readFileSync(path.join(REPO, file), "utf8");
      const config = (parse(text) as { config: Record<string, unknown> }).config;
      const addons = (config["tenancy:addons"] ?? {}) as Record<string, { chartVersion?: string }>;
      const seen = found(file, text);
      for (const [key, addon] of Object.entries(addons)) {
        if (addon.chartVersion === undefined) continue;
        const chart = CHARTS[key as keyof typeof CHARTS];
        assert.ok(chart, `${file}: ${key} is not an add-on the program installs`);
        // An OCI chart is an image to Renovate: its depName is the registry path and chart name.
        const oci = chart.repo.startsWith("oci://");
        const expected = oci
          ? { dep: `${chart.repo.slice("oci://".length)}/${chart.chart}`, registry: undefined }
          : { dep: chart.chart, registry: chart.repo };
        const comment = oci
          ? `# renovate: datasource=docker depName=${expected.dep}`
          : `# renovate: datasource=helm depName=${chart.chart} registryUrl=${chart.repo}`;
        assert.ok(
          seen.some(
            (s) =>
              s.dep === expected.dep &&
              s.registry === expected.registry &&
              s.version === addon.chartVersion,
          ),
          `${file}: tenancy:addons.${key}.chartVersion ${addon.chartVersion} is not covered: put "${comment}" on the line above it`,
        );
        pins++;
      }
    }
    assert.ok(pins >= stackFiles.length, `only ${pins} chart versions found`);
  });

  it("keeps the tool versions the pipelines install current", () => {
    const file = ".github/actions/cloud-setup/action.yml";
    const text = fs.readFileSync(path.join(REPO, file), "utf8");
    const versions = [...text.matchAll(/-version: (\S+)/g)].map((m) => m[1]);
    const seen = found(file, text).map((s) => s.version);
    assert.ok(versions.length > 0);
    for (const version of versions) {
      if (/^\$\{\{/.test(version ?? "") || /^\d+$/.test(version ?? "")) continue;
      assert.ok(seen.includes(version ?? ""), `${file}: ${version} is not covered`);
    }
  });
});
