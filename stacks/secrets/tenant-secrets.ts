import { closestKey } from "../fields/dns";
import type { Problem } from "../fields/problems";
import { NAMESPACE } from "../cluster/stack";

/**
 * `tenancy:tenantSecrets`: per tenant, its WorkflowGen licence and, optionally, its database
 * password, set as secrets in the stack config:
 *   pulumi config set --secret --path 'tenancy:tenantSecrets.contoso.licence' "$(base64 -w0 contoso.lic)"
 * Checked here without ever putting a value in a message.
 */

export const TENANT_SECRET_FIELDS = ["licence", "databasePassword"] as const;
export type TenantSecretField = (typeof TENANT_SECRET_FIELDS)[number];

/** One tenant's secrets, in plain text: kept out of the spec and wrapped as secrets on load. */
export type TenantSecrets = Readonly<Partial<Record<TenantSecretField, string>>>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Characters a password may not hold: they end or quote a value in the connection string.
 * @see https://learn.microsoft.com/en-us/dotnet/api/system.data.sqlclient.sqlconnection.connectionstring
 */
const CONNECTION_STRING_SPECIALS = /[;'"{}=\s]/;

/**
 * SQL Server's password policy: at least 8 characters from three of the four classes.
 * @see https://learn.microsoft.com/en-us/sql/relational-databases/security/password-policy
 */
function passwordReason(password: string): string | undefined {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password));
  if (password.length < 8 || classes.length < 3) {
    return "does not meet SQL Server's policy: at least 8 characters from three of lowercase, uppercase, digits, symbols";
  }
  if (CONNECTION_STRING_SPECIALS.test(password)) {
    return "holds one of ; ' \" { } = or a space, which break the connection string: choose another";
  }
  return undefined;
}

/** Parses the key's decoded JSON; `tenants` are the stack's tenant names. */
export function parseTenantSecrets(
  value: unknown,
  tenants: readonly string[],
  path: string,
  catalogPath: string,
): { secrets: Readonly<Record<string, TenantSecrets>>; problems: Problem[] } {
  const problems: Problem[] = [];
  const secrets: Record<string, TenantSecrets> = {};
  if (!isRecord(value)) {
    problems.push({
      path,
      reason: "must be a map of tenant name to { licence, databasePassword }",
    });
    return { secrets, problems };
  }
  for (const [tenant, entry] of Object.entries(value)) {
    const at = `${path}.${tenant}`;
    if (!tenants.includes(tenant)) {
      const guess = closestKey(tenant, tenants);
      problems.push({
        path: at,
        reason: `no tenant "${tenant}" in ${catalogPath}${guess !== undefined ? `; did you mean "${guess}"?` : ""}: fix the name or remove the entry`,
      });
      continue;
    }
    if (!isRecord(entry)) {
      problems.push({ path: at, reason: "must be a map with licence and/or databasePassword" });
      continue;
    }
    const fields: Partial<Record<TenantSecretField, string>> = {};
    for (const [field, text] of Object.entries(entry)) {
      if (!(TENANT_SECRET_FIELDS as readonly string[]).includes(field)) {
        problems.push({
          path: `${at}.${field}`,
          reason: `unknown key; allowed here: ${TENANT_SECRET_FIELDS.join(", ")}`,
        });
        continue;
      }
      const reason =
        typeof text !== "string"
          ? "must be text"
          : field === "licence"
            ? BASE64.test(text) && text.length > 0
              ? undefined
              : `must be the licence file in base64: pulumi config set --secret --path '${at}.licence' "$(base64 -w0 <file>)"`
            : passwordReason(text);
      if (reason !== undefined || typeof text !== "string") {
        problems.push({ path: `${at}.${field}`, reason: reason ?? "must be text" });
        continue;
      }
      fields[field as TenantSecretField] = text;
    }
    secrets[tenant] = fields;
  }
  return { secrets, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A restored database comes with the password it was made with: a new one would lock it out. */
function restoredPasswordProblems(
  restoring: readonly { readonly name: string; readonly restoreFrom?: string }[],
  secrets: Readonly<Record<string, TenantSecrets>>,
): Problem[] {
  return restoring.flatMap((tenant) =>
    secrets[tenant.name]?.databasePassword !== undefined
      ? [
          {
            path: `${NAMESPACE}:tenantSecrets.${tenant.name}.databasePassword`,
            reason: `${tenant.name} restores from ${tenant.restoreFrom ?? ""} here, and its database comes with the password it was made with: remove this one`,
          },
        ]
      : [],
  );
}

/**
 * A stack's `tenancy:tenantSecrets` (`raw`, when given) checked against its catalog's tenants: any
 * of them, since a stack may hold a tenant's secrets before it runs the tenant. The restored
 * tenants' database passwords are refused.
 */
export function stackTenantSecrets(
  raw: unknown,
  catalog: { readonly names: readonly string[]; readonly path: string } | undefined,
  restoring: readonly { readonly name: string; readonly restoreFrom?: string }[],
): { secrets: Readonly<Record<string, TenantSecrets>>; problems: Problem[] } {
  const parsed =
    catalog !== undefined && raw !== undefined
      ? parseTenantSecrets(raw, catalog.names, `${NAMESPACE}:tenantSecrets`, catalog.path)
      : { secrets: {}, problems: [] };
  return {
    secrets: parsed.secrets,
    problems: [...parsed.problems, ...restoredPasswordProblems(restoring, parsed.secrets)],
  };
}
