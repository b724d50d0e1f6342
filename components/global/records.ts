import type { DnsSettings, GlobalSpec } from "../../stacks/global/global";

/**
 * The records of an environment's DNS, as pure data: one wildcard A record per region at its
 * Gateway address (`*.<region>.<domain>`, every regional host), and one CNAME per tenant from its
 * host to its home region's regional host. Failing a tenant over is one catalog edit: its
 * `region` changes, and so does its CNAME.
 */

export interface DnsRecord {
  /** Stable key for the resource name: `region-<region>` or `tenant-<name>`. */
  readonly key: string;
  /** Fully qualified name, without the trailing dot. */
  readonly fqdn: string;
  /** Name relative to the zone, as Azure DNS takes it. */
  readonly relativeName: string;
  readonly type: "A" | "CNAME";
  /** The region whose Gateway address an A record holds. */
  readonly region?: string;
  /** The target of a CNAME. */
  readonly target?: string;
}

/** Short enough that a failover takes effect within minutes. */
export const RECORD_TTL_SECONDS = 300;

export function relativeTo(zone: string, fqdn: string): string {
  return fqdn === zone ? "@" : fqdn.slice(0, -(zone.length + 1));
}

export function dnsRecords(spec: GlobalSpec, dns: Pick<DnsSettings, "zone">): DnsRecord[] {
  const regional = (name: string, region: string): string => `${name}.${region}.${spec.domain}`;
  return [
    ...spec.regions.map((region): DnsRecord => {
      const fqdn = `*.${region}.${spec.domain}`;
      return {
        key: `region-${region}`,
        fqdn,
        relativeName: relativeTo(dns.zone, fqdn),
        type: "A",
        region,
      };
    }),
    ...spec.tenants.map((tenant): DnsRecord => ({
      key: `tenant-${tenant.name}`,
      fqdn: tenant.host,
      relativeName: relativeTo(dns.zone, tenant.host),
      type: "CNAME",
      target: regional(tenant.name, tenant.homeRegion),
    })),
  ];
}
