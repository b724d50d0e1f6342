import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { DATA_LABEL, tenantLabels } from "../labels";
import { OBJECT_NAMES } from "./application";

/**
 * The application's configuration: plain settings in a ConfigMap, everything secret in Secrets
 * that pods read as files (WorkflowGen reads any `<VARIABLE>_FILE` from the file it names), so
 * no secret value sits in an environment variable or a ConfigMap.
 * @see https://docs.advantys.com/workflowgen-for-docker/workflowgen-image/configuration
 */

/** Prefix of the environment variables WorkflowGen copies into its web.config appSettings. */
export const APP_SETTING_PREFIX = "WFGEN_APP_SETTING_";

/** File name of the licence inside its folder; WorkflowGen takes the first file there. */
export const LICENCE_FILE = "workflowgen.lic";

/** Keys of the application-keys Secret. */
export const APPLICATION_KEYS = {
  /** Encrypts passwords stored in the database: 32 characters, the same in every pod. */
  encryption: "encryption-key",
  /** ASP.NET machine keys, shared so that every web pod accepts the others' cookies. */
  machineValidation: "machine-validation-key",
  machineDecryption: "machine-decryption-key",
} as const;

/** Public URL of WorkflowGen, behind the tenant's host. */
export function applicationUrl(tenant: TenantSpec): string {
  return `https://${tenant.host}/wfgen`;
}

export function appSettingsManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
): k8s.core.v1.ConfigMapArgs {
  const settings = { ...tenant.application.settings, ApplicationUrl: applicationUrl(tenant) };
  return {
    metadata: { name: OBJECT_NAMES.appSettings, namespace, labels: tenantLabels(tenant.name) },
    data: Object.fromEntries(
      Object.entries(settings)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => [`${APP_SETTING_PREFIX}${key}`, value]),
    ),
  };
}

/** The licence file, given in base64 as Secret data takes it. */
export function licenceManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  licenceBase64: pulumi.Input<string>,
): k8s.core.v1.SecretArgs {
  return {
    metadata: { name: OBJECT_NAMES.licence, namespace, labels: tenantLabels(tenant.name) },
    type: "Opaque",
    data: { [LICENCE_FILE]: licenceBase64 },
  };
}

export function applicationKeysManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  keys: Readonly<Record<keyof typeof APPLICATION_KEYS, pulumi.Input<string>>>,
): k8s.core.v1.SecretArgs {
  return {
    metadata: {
      name: OBJECT_NAMES.applicationKeys,
      namespace,
      labels: { ...tenantLabels(tenant.name), ...DATA_LABEL },
    },
    type: "Opaque",
    stringData: {
      [APPLICATION_KEYS.encryption]: keys.encryption,
      [APPLICATION_KEYS.machineValidation]: keys.machineValidation,
      [APPLICATION_KEYS.machineDecryption]: keys.machineDecryption,
    },
  };
}
