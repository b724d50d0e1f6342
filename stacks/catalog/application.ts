import { z } from "zod";
import { parseImage, unpinnedReason } from "../fields/images";

/**
 * The tenant application's settings in the catalog: images and replicas for the whole
 * environment (`application:` at the top of the catalog), overridable per tenant.
 */

/** The application's parts (shared/ARCHITECTURE.md, "Contracts"). */
export const COMPONENTS = ["web", "services", "database"] as const;
export type Component = (typeof COMPONENTS)[number];

/** SQL Server editions the database container may run (`MSSQL_PID`). */
export const DATABASE_EDITIONS = ["Express", "Developer", "Standard", "Enterprise"] as const;
export type DatabaseEdition = (typeof DATABASE_EDITIONS)[number];

/** App settings the program sets itself from the tenant's spec; the catalog may not. */
export const PROGRAM_SETTINGS: readonly string[] = ["ApplicationUrl"];

const image = z.string().superRefine((value, ctx) => {
  const parsed = parseImage(value);
  const reason = parsed.ok ? unpinnedReason(parsed.image) : parsed.reason;
  if (reason !== undefined) {
    ctx.addIssue({ code: "custom", message: parsed.ok ? `"${value}" ${reason}` : reason });
  }
});

const webReplicas = z.int().min(1).max(20);

/**
 * WorkflowGen application settings (`WFGEN_APP_SETTING_<key>`); plain configuration, never
 * secrets: they are written to a ConfigMap.
 * @see https://docs.advantys.com/workflowgen-for-docker/workflowgen-image/configuration
 */
const settings = z.record(z.string(), z.string()).superRefine((values, ctx) => {
  for (const key of Object.keys(values)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `must be letters, digits and _ (it becomes WFGEN_APP_SETTING_${key})`,
      });
    } else if (PROGRAM_SETTINGS.includes(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: "is set from the tenant's host: remove it",
      });
    }
  }
});

/** `application:` of the catalog: what every tenant of the environment runs. */
export const applicationSchema = z.strictObject({
  images: z.strictObject({
    /** The WorkflowGen Windows image of the web pods. */
    web: image,
    /** Image of the Windows services pod; @default the web image. */
    services: image.optional(),
    /** The SQL Server on Linux image of the database. */
    database: image,
  }),
  /** Web pods per tenant; @default 2. */
  webReplicas: webReplicas.default(2),
  /** `MSSQL_PID` of the database; @default "Express" (free, also in production). */
  databaseEdition: z.enum(DATABASE_EDITIONS).default("Express"),
  /** App settings of every tenant; @default {}. */
  settings: settings.default({}),
});

/** `application:` of one tenant: any of the catalog's fields, replacing them for that tenant. */
export const applicationOverridesSchema = z.strictObject({
  images: z
    .strictObject({ web: image.optional(), services: image.optional(), database: image.optional() })
    .default({}),
  webReplicas: webReplicas.optional(),
  databaseEdition: z.enum(DATABASE_EDITIONS).optional(),
  /** Merged over the catalog's settings, key by key. */
  settings: settings.default({}),
});

export type ApplicationDefaults = z.output<typeof applicationSchema>;
export type ApplicationOverrides = z.output<typeof applicationOverridesSchema>;

/** One tenant's application, catalog defaults and its own overrides merged. */
export interface ApplicationSpec {
  readonly images: Readonly<Record<Component, string>>;
  readonly webReplicas: number;
  readonly databaseEdition: DatabaseEdition;
  readonly settings: Readonly<Record<string, string>>;
}

export function applicationSpec(
  defaults: ApplicationDefaults,
  overrides: ApplicationOverrides | undefined,
): ApplicationSpec {
  const web = overrides?.images.web ?? defaults.images.web;
  return {
    images: {
      web,
      services: overrides?.images.services ?? defaults.images.services ?? web,
      database: overrides?.images.database ?? defaults.images.database,
    },
    webReplicas: overrides?.webReplicas ?? defaults.webReplicas,
    databaseEdition: overrides?.databaseEdition ?? defaults.databaseEdition,
    settings: { ...defaults.settings, ...overrides?.settings },
  };
}
