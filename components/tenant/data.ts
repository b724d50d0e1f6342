import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { FileAccessMode } from "../../stacks/cluster/files";
import type { TenantSpec } from "../../stacks/spec";
import { DATA_LABEL, tenantLabels } from "../labels";
import { DATABASE_PORT, OBJECT_NAMES, componentLabels } from "./application";

/**
 * The tenant's data: the database volume and the database credentials. Claimed on its own, not
 * through a StatefulSet template, so that the program owns it and can protect it.
 */

/** Key of the SQL Server `sa` password in the credentials Secret. */
export const DATABASE_PASSWORD_KEY = "sa-password";
/** Key of the application login's password in the credentials Secret. */
export const APPLICATION_LOGIN_PASSWORD_KEY = "app-password";

/**
 * The login the application connects as: the WorkflowGen database image creates it, as a user
 * of the WFGEN database only (a contained database by default), so the application never holds
 * `sa`, which is SQL Server's administrator. `sa` stays for the image's own setup.
 * @see https://docs.workflowgen.com/docker-fr/image-de-base-de-donnees-workflowgen/configuration
 */
export const APPLICATION_LOGIN = "WFGEN_USER";
/** Key of the application's connection string in the credentials Secret. */
export const CONNECTION_STRING_KEY = "connection-string";

/** The WorkflowGen database inside the tenant's SQL Server. */
export const DATABASE_NAME = "WFGEN";

/**
 * The application's connection string: its own login, to the database Service by its full name,
 * encrypted (SQL Server's own certificate, hence trusted without a chain).
 * @see https://learn.microsoft.com/en-us/sql/connect/ado-net/connection-string-syntax
 */
export function connectionString(
  tenant: TenantSpec,
  password: pulumi.Input<string>,
): pulumi.Output<string> {
  const host = `${OBJECT_NAMES.database}.${tenant.namespace}.svc.cluster.local`;
  return pulumi.interpolate`Server=${host},${String(DATABASE_PORT)};Database=${DATABASE_NAME};User ID=${APPLICATION_LOGIN};Password=${password};Encrypt=True;TrustServerCertificate=True`;
}

/** The database's volume and credentials: data a restore brings back. */
function databaseMetadata(tenant: TenantSpec, name: string, namespace: pulumi.Input<string>) {
  return {
    name,
    namespace,
    labels: { ...componentLabels(tenant.name, "database"), ...DATA_LABEL },
  };
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
  passwords: { readonly sa: pulumi.Input<string>; readonly application: pulumi.Input<string> },
): k8s.core.v1.SecretArgs {
  return {
    metadata: databaseMetadata(tenant, OBJECT_NAMES.databaseCredentials, namespace),
    type: "Opaque",
    stringData: {
      [DATABASE_PASSWORD_KEY]: passwords.sa,
      [APPLICATION_LOGIN_PASSWORD_KEY]: passwords.application,
      [CONNECTION_STRING_KEY]: connectionString(tenant, passwords.application),
    },
  };
}

/**
 * The tenant's shared files, claimed once for every web pod and the services pod; in the class
 * and access mode the cluster gives tenants' files.
 */
export function filesVolumeManifest(
  tenant: TenantSpec,
  namespace: pulumi.Input<string>,
  storageClass: pulumi.Input<string> | undefined,
  accessMode: FileAccessMode,
): k8s.core.v1.PersistentVolumeClaimArgs {
  return {
    metadata: {
      name: OBJECT_NAMES.files,
      namespace,
      labels: { ...tenantLabels(tenant.name), ...DATA_LABEL },
    },
    spec: {
      accessModes: [accessMode],
      ...(storageClass !== undefined ? { storageClassName: storageClass } : {}),
      resources: { requests: { storage: tenant.fileStorage } },
    },
  };
}
