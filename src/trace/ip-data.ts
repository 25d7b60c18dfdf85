import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse';
import ipaddr from 'ipaddr.js';
import maxmind, { type Reader, type Response } from 'maxmind';

/**
 * Offline facts about an IP address: the country its network is registered or
 * located in, and the autonomous system (network operator) announcing it. Read
 * from the @ip-location-db data packages, or from a MaxMind-format country file
 * the hotline licenses itself; no live third-party service is asked.
 */
export interface Network {
  asn: number;
  organisation: string;
}

export interface IpFacts {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  network: Network | null;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export const DEFAULT_COUNTRY_DATABASE = () => path.join(packageDir('@ip-location-db/geo-whois-asn-country-mmdb'), 'geo-whois-asn-country.mmdb');
const ASN_DIR = () => packageDir('@ip-location-db/asn');

/** Sorted, non-overlapping address ranges, each with the index of its value. */
class RangeTable<Key extends number | bigint> {
  readonly starts: Key[] = [];
  readonly ends: Key[] = [];
  readonly values: number[] = [];

  add(start: Key, end: Key, value: number): void {
    this.starts.push(start);
    this.ends.push(end);
    this.values.push(value);
  }

  /** The value of the range holding the key: the last range starting at or before it, if it reaches that far. */
  find(key: Key): number | undefined {
    let low = 0;
    let high = this.starts.length - 1;
    let candidate = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle]! <= key) {
        candidate = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return candidate >= 0 && key <= this.ends[candidate]! ? this.values[candidate] : undefined;
  }
}

/** The AS number and operator of every announced range, IPv4 and IPv6, from the package's CSV files. */
class AsnTable {
  private readonly networks: Network[] = [];
  private readonly networkIndex = new Map<number, number>();
  private readonly v4 = new RangeTable<number>();
  private readonly v6 = new RangeTable<bigint>();

  static async load(dir: string): Promise<AsnTable> {
    const table = new AsnTable();
    await table.read(path.join(dir, 'asn-ipv4-num.csv'), (start, end, network) => table.v4.add(Number(start), Number(end), network));
    await table.read(path.join(dir, 'asn-ipv6-num.csv'), (start, end, network) => table.v6.add(BigInt(start), BigInt(end), network));
    return table;
  }

  lookup(address: ipaddr.IPv4 | ipaddr.IPv6): Network | null {
    const index = address.kind() === 'ipv4' ? this.v4.find(ipv4Number(address as ipaddr.IPv4)) : this.v6.find(ipv6Number(address as ipaddr.IPv6));
    return index === undefined ? null : this.networks[index]!;
  }

  private async read(file: string, add: (start: string, end: string, network: number) => void): Promise<void> {
    const rows = createReadStream(file).pipe(parse({ relax_quotes: true }));
    for await (const [start, end, asn, organisation] of rows as AsyncIterable<string[]>) {
      add(start!, end!, this.networkOf(Number(asn), organisation ?? ''));
    }
  }

  private networkOf(asn: number, organisation: string): number {
    let index = this.networkIndex.get(asn);
    if (index === undefined) {
      index = this.networks.push({ asn, organisation }) - 1;
      this.networkIndex.set(asn, index);
    }
    return index;
  }
}

function ipv4Number(address: ipaddr.IPv4): number {
  return address.octets.reduce((value, octet) => value * 256 + octet, 0);
}

function ipv6Number(address: ipaddr.IPv6): bigint {
  return address.parts.reduce((value, part) => (value << 16n) | BigInt(part), 0n);
}

type CountryRecord = Response & { country_code?: string; country?: { iso_code?: string } };

export class IpData {
  private constructor(
    private readonly countries: Reader<CountryRecord>,
    private readonly asns: AsnTable,
  ) {}

  /** Opens the country database (the given MaxMind-format file, else the package's) and reads the AS ranges: about two seconds. */
  static async open(countryDatabase = DEFAULT_COUNTRY_DATABASE()): Promise<IpData> {
    const [countries, asns] = await Promise.all([maxmind.open<CountryRecord>(countryDatabase), AsnTable.load(ASN_DIR())]);
    return new IpData(countries, asns);
  }

  lookup(address: string): IpFacts {
    const parsed = ipaddr.process(address);
    const record = this.countries.get(parsed.toString());
    const country = record?.country_code ?? record?.country?.iso_code ?? null;
    return { country: country ? country.toUpperCase() : null, network: this.asns.lookup(parsed) };
  }
}
