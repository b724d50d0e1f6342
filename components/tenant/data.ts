import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import { OBJECT_NAMES, componentLabels } from "./application";

/**
 * The tenant's data: the database volume and the database credentials. Claimed on its own, not
 * through a StatefulSet template, so that the program owns it and can protect it.
 */

/** Key of the SQL Server `sa` password in the credentials Secret. */
export const DATABASE_PASSWORD_KEY = "sa-password";

function databaseMetadata(tenant: TenantSpec, name: string, namespace: pulumi.Input<string>) {
  return { name, namespace, labels: componentLabels(tenant.name, "database") };
}

export function databaseVolumeManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  storageClass: pulumi.Input<string> | undefined,
): k8s.core.v1.PersistentVolumeClaimArgs {
  return {
    metadata: databaseMetadata(tenant, OBJECT_NAMES.databaseVolume, namespace),
    spec: {
      accessModes: ["ReadWriteOnce"],
      ...(storageClass !== undefined ? { storageClassName: storageClass } : {}),
      resources: { requests: { storage: tenant.databaseStorage } },
    },
  };
}

export function databaseCredentialsManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  password: pulumi.Input<string>,
): k8s.core.v1.SecretArgs {
  return {
    metadata: databaseMetadata(tenant, OBJECT_NAMES.databaseCredentials, namespace),
    type: "Opaque",
    stringData: { [DATABASE_PASSWORD_KEY]: password },
  };
}
