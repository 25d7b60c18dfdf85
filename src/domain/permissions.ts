/**
 * Who may do what. Every route names one permission; a role has exactly the
 * permissions listed here and nothing else.
 */
export const ROLES = ['admin', 'supervisor', 'analyst', 'auditor', 'police'] as const;
export type Role = (typeof ROLES)[number];

const ALL_STAFF: readonly Role[] = ROLES;
const ASSESSORS: readonly Role[] = ['supervisor', 'analyst'];

export const PERMISSIONS = {
  /** Signed-in staff managing their own account and session. */
  'account.self': ALL_STAFF,
  'queue.view': [...ASSESSORS, 'auditor'],
  'item.view': [...ASSESSORS, 'auditor'],
  /** Captured images and videos: only those who assess them, never auditors reading the record. */
  'media.view': ASSESSORS,
  'item.claim': ASSESSORS,
  'item.assess': ASSESSORS,
  'item.release_any': ['supervisor'],
  'item.reopen': ['supervisor'],
  'contact.view': ['supervisor'],
  'team.exposure': ['supervisor'],
  'audit.view': ['auditor', 'admin'],
  'users.manage': ['admin'],
  /** The provider directory: hosting companies, platforms, CDNs and registrars. */
  'providers.manage': ['admin', 'supervisor'],
  /** The partner directory: the hotlines this one exchanges signed messages with, and their keys. */
  'partners.manage': ['admin'],
  /** Routing lists (needs a recipient, forwards, failed notices) and overriding a decision. */
  'routing.manage': ['supervisor'],
  /** Police referrals and their packages (without evidence files). */
  'police.view': ['police', 'supervisor'],
  /** Officers alone release police-first holds and receive the evidence files. */
  'police.release': ['police'],
  'police.evidence': ['police'],
  /** The trusted-flagger annual report and the statistics exports: aggregates, no personal data. */
  'reports.view': ['supervisor', 'admin', 'auditor'],
  /** Statistics, provider performance and their CSV and JSON: figures only, never an item. */
  'stats.view': ['supervisor', 'admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * What a route declares: a staff permission; 'public' for anyone (the public
 * site, sign-in); or 'provider' for hosting providers, who authenticate with
 * their HashCheck key in the route itself and never reach staff routes.
 */
export type Access = Permission | 'public' | 'provider';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
