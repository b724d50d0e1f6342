import { admissionPolicyManifest, type Rule } from "../../components/cluster/admission-policies";
import {
  policyMatches,
  policyRefusals,
  type AdmissionRequest,
  type PolicySpec,
} from "../../verify/admission";

/** A rule of the program judged as its rendered policy would be (verify/admission.ts). */

export type { AdmissionRequest };

const specOf = (rule: Rule): PolicySpec =>
  admissionPolicyManifest(rule).spec as unknown as PolicySpec;

export const matches = (rule: Rule, request: AdmissionRequest): boolean =>
  policyMatches(specOf(rule), request);

export const refusals = (rule: Rule, request: AdmissionRequest): string[] =>
  policyRefusals(specOf(rule), request);
