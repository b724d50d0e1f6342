/** Secrets: `tenancy:tenantSecrets`, and secret values left plain in a stack file. */
export * from "./stack-file";
export * from "./tenant-secrets";
