import type { Problem } from "./problems";
/**
 * DNS-1123 names as Kubernetes validates them.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: 1–63 lowercase letters, digits and '-', starting and ending alphanumeric. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/** A DNS-1123 subdomain: dot-separated labels, 253 characters at most. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split(".").every(isDnsLabel);
}

/** Levenshtein distance, for "did you mean" hints on misspelt keys. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest of `candidates` to `key`, if it is close enough to be a likely typo. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(key.length / 3))
    ? best.candidate
    : undefined;
}

/** The catalog's domain and every tenant's host must lie in the zone the stack writes to. */
export function zoneProblems(
  zone: string,
  zonePath: string,
  catalog: { readonly domain: string; readonly path: string },
  tenants: readonly { readonly host: string }[],
): Problem[] {
  const inZone = (name: string): boolean => name === zone || name.endsWith(`.${zone}`);
  // A domain outside the zone takes every default host with it: said once, for the domain.
  if (!inZone(catalog.domain)) {
    return [
      {
        path: zonePath,
        reason: `"${zone}" does not hold the catalog's domain ${catalog.domain}: name the zone the tenants' hosts are in`,
      },
    ];
  }
  return tenants.flatMap((tenant, index) =>
    inZone(tenant.host)
      ? []
      : [
          {
            path: `${catalog.path}: tenants[${String(index)}].host`,
            reason: `"${tenant.host}" is outside the DNS zone ${zone}: the records of its zone cannot name it`,
          },
        ],
  );
}
