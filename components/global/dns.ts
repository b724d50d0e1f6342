import { RecordSet as AzureRecordSet } from "@pulumi/azure-native/dns";
import { RecordSet as GcpRecordSet } from "@pulumi/gcp/dns";
import * as pulumi from "@pulumi/pulumi";
import type { DnsSettings, GlobalSpec } from "../../stacks/global/global";
import { dnsRecords, RECORD_TTL_SECONDS, type DnsRecord } from "./records";

export interface GlobalDnsArgs {
  /** The validated global stack (stacks/global/global.ts). */
  readonly spec: GlobalSpec;
  /** Pulumi project of the region stacks. @default this program's project (`tenancy`) */
  readonly project?: string;
}

/**
 * An environment's DNS: each region's Gateway address, read from its stack's `gatewayAddress`
 * output, behind `*.<region>.<domain>`, and each tenant's host pointing at its home region.
 * @see https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
 */
export class GlobalDns extends pulumi.ComponentResource {
  /** Per tenant: its host and the regional host it points at. */
  public readonly routes: Record<string, { host: string; target: string }>;

  constructor(name: string, args: GlobalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:global:Dns", name, {}, opts);
    const { spec } = args;
    const project = args.project ?? pulumi.getProject();
    const addresses = new Map(
      spec.regions.map((region) => {
        const stack = new pulumi.StackReference(
          `${name}-${region}`,
          { name: `${spec.organization}/${project}/${spec.environment}-${region}` },
          { parent: this },
        );
        return [region, stack.requireOutput("gatewayAddress") as pulumi.Output<string>] as const;
      }),
    );
    const records = dnsRecords(spec, spec.dns);
    for (const record of records) {
      const address = record.region !== undefined ? addresses.get(record.region) : undefined;
      const value = record.type === "A" ? (address ?? "") : (record.target ?? "");
      this.createRecord(`${name}-${record.key}`, record, pulumi.output(value), spec.dns);
    }
    this.routes = Object.fromEntries(
      records
        .filter((r) => r.type === "CNAME")
        .map((r) => [r.key.slice("tenant-".length), { host: r.fqdn, target: r.target ?? "" }]),
    );
    this.registerOutputs({ routes: this.routes });
  }

  /** One record: an A record holds an address, a CNAME a host name. */
  private createRecord(
    name: string,
    record: DnsRecord,
    value: pulumi.Output<string>,
    dns: DnsSettings,
  ): void {
    switch (dns.provider) {
      case "azure":
        new AzureRecordSet(
          name,
          {
            resourceGroupName: dns.resourceGroup,
            zoneName: dns.zone,
            relativeRecordSetName: record.relativeName,
            recordType: record.type,
            ttl: RECORD_TTL_SECONDS,
            ...(record.type === "A"
              ? { aRecords: [{ ipv4Address: value }] }
              : { cnameRecord: { cname: value } }),
          },
          { parent: this },
        );
        return;
      case "gcp":
        new GcpRecordSet(
          name,
          {
            project: dns.project,
            managedZone: dns.managedZone,
            name: `${record.fqdn}.`,
            type: record.type,
            ttl: RECORD_TTL_SECONDS,
            // Cloud DNS takes names fully qualified, with the final dot.
            rrdatas: [record.type === "A" ? value : value.apply((host) => `${host}.`)],
          },
          { parent: this },
        );
        return;
      default: {
        const unreachable: never = dns;
        throw new Error(`unknown DNS provider in ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
