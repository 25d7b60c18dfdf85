import type { ProviderKind } from '../domain/providers.js';

/** A generated provider and how its demo items fare once the hotline acts on them. */
export interface DemoProvider {
  /** 1-based: the provider's place in the list, and its network numbers. */
  index: number;
  name: string;
  kind: ProviderKind;
  country: string;
  asn: number;
  organisation: string;
  cidrs: string[];
  domain: string;
  language: string;
  deadlineSeconds: number;
  /** Content hosted abroad goes to a partner hotline when its country has one, else to the police. */
  route: 'notice' | 'dsa' | 'forward' | 'police';
  /** Share of the demo items hosted here. */
  weight: number;
  /** Median hours from notice to removal; a share never removed (some of those disputed) and a share that moves. */
  medianHours: number;
  neverShare: number;
  disputeShare: number;
  moveShare: number;
}

/** Countries with no partner hotline in the demo: their content is referred to the police. */
const NO_PARTNER = ['PA', 'SC'];
const ABROAD = ['DE', 'DE', 'FR', 'US', 'US', 'US', 'GB', 'SE', 'CZ', 'RU', 'KZ', 'PA', 'SC'];
const LANGUAGES: Record<string, string> = { CZ: 'cs', NL: 'nl', SE: 'sv', RU: 'ru', KZ: 'kk' };
/** Reaction speeds, from the fast to the ones that never act: median hours and share never removed. */
const BEHAVIOURS = [
  { medianHours: 2, neverShare: 0.01 },
  { medianHours: 8, neverShare: 0.03 },
  { medianHours: 20, neverShare: 0.05 },
  { medianHours: 60, neverShare: 0.1 },
  { medianHours: 160, neverShare: 0.25 },
  { medianHours: 400, neverShare: 0.6 },
];
const DOMESTIC = 9;

/** Documentation AS numbers (RFC 5398): 64496–64511, then 65536–65551. */
export function documentationAsn(index: number): number {
  return index <= 16 ? 64495 + index : 65535 + index - 16;
}

/**
 * Providers across several countries, a third of them at home: the hosting
 * country's hotline and every address, name and number are reserved for
 * documentation (RFC 5737, RFC 3849, RFC 5398, RFC 2606).
 */
export function demoProviders(hotlineCountry: string): DemoProvider[] {
  // Home and abroad alternate, so that both have large providers and a long tail.
  const countries = ABROAD.flatMap((country, position) => (position < DOMESTIC ? [hotlineCountry, country] : [country]));
  return countries.map((country, position) => {
    const index = position + 1;
    const platform = country === hotlineCountry && index % 3 === 0;
    const behaviour = BEHAVIOURS[(index * 5) % BEHAVIOURS.length]!;
    const number = String(index).padStart(2, '0');
    return {
      index,
      name: `Demo ${platform ? 'Platform' : 'Hosting'} ${number} (${country})`,
      kind: platform ? 'platform' : 'hosting',
      country,
      asn: documentationAsn(index),
      organisation: `DEMO-NET-${number}`,
      cidrs: [`198.51.100.${(index - 1) * 8}/29`, `2001:db8:${index.toString(16)}::/48`],
      domain: `demo-${platform ? 'platform' : 'host'}-${number}.example`,
      language: LANGUAGES[country] ?? 'en',
      deadlineSeconds: (index % 4 === 0 ? 48 : 24) * 3600,
      route: routeOf(country, hotlineCountry, platform),
      weight: 1 / index,
      ...behaviour,
      disputeShare: index % 5 === 0 ? 0.5 : 0.1,
      moveShare: 0.03,
    };
  });
}

function routeOf(country: string, hotlineCountry: string, platform: boolean): DemoProvider['route'] {
  if (country === hotlineCountry) return platform ? 'dsa' : 'notice';
  return NO_PARTNER.includes(country) ? 'police' : 'forward';
}
