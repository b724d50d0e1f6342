import { z } from "zod";
import { cidrList } from "../fields/fields";
import type { Problem } from "../fields/problems";

/** Who may reach the cluster's API server (AKS) or control plane (GKE). */
export const apiServerSchema = z
  .strictObject({
    /** Private endpoint only; @default false */
    private: z.boolean().default(false),
    /** Sources allowed to a public endpoint; @default the stack's `tenancy:allowlist`. */
    authorizedRanges: cidrList.optional(),
    /** Accept an endpoint reachable from anywhere; @default false */
    publicApiServer: z.boolean().default(false),
  })
  .prefault({});

export type ApiServerSettings = z.output<typeof apiServerSchema>;

/** What a cluster's settings are checked against: the stack they belong to. */
/** What cluster rules read of the rest of the stack; undefined where that key is broken. */
export interface StackContext {
  readonly environment?: string;
  readonly allowlist?: readonly string[];
}

/** How a cloud treats authorized ranges. */
export interface RangeRules {
  readonly cloud: string;
  readonly maxRanges: number;
  /** AKS drops (and refuses) ranges on a private cluster; GKE keeps them for the private endpoint. */
  readonly privateHasRanges: boolean;
}

/** The ranges the endpoint gets: explicit ones, else the stack allowlist. */
export function effectiveRanges(
  apiServer: ApiServerSettings,
  allowlist: readonly string[],
  rules: RangeRules,
): readonly string[] {
  if (apiServer.private && !rules.privateHasRanges) return [];
  return apiServer.authorizedRanges ?? allowlist;
}

/**
 * Refuses more ranges than the cloud takes, and a public endpoint no range protects unless
 * `publicApiServer: true` says so. Paths are relative to `tenancy:cluster`.
 */
export function apiServerProblems(
  apiServer: ApiServerSettings,
  allowlist: readonly string[],
  rules: RangeRules,
): Problem[] {
  const problems: Problem[] = [];
  const ranges = effectiveRanges(apiServer, allowlist, rules);
  if (ranges.length > rules.maxRanges) {
    problems.push({
      path: "tenancy:cluster.apiServer.authorizedRanges",
      reason: `${ranges.length} ranges: ${rules.cloud} allows at most ${rules.maxRanges} authorized ranges`,
    });
  }
  if (!apiServer.private && ranges.length === 0 && !apiServer.publicApiServer) {
    problems.push({
      path: "tenancy:cluster.apiServer",
      reason:
        "the API server would be open to the whole internet: set tenancy:allowlist (or apiServer.authorizedRanges), or private: true, or publicApiServer: true to accept it",
    });
  }
  return problems;
}
