import type { Role } from '../domain/permissions.js';
import { roleHas } from '../domain/permissions.js';
import { html, type Html } from './html.js';
import type { Translate } from './i18n/index.js';
import { languageSwitcher, type PageContext } from './layout.js';

export interface StaffPageContext extends PageContext {
  csrfToken: string;
  user: { email: string; role: Role } | undefined;
}

export interface StaffPageOptions {
  /** A notice above everything else on the page, e.g. exposure advice. */
  banner?: Html | undefined;
  /** Scripts of this site (under /assets) that enhance the page; it works without them. */
  scripts?: readonly string[];
}

const LINKS = [
  { href: '/staff/queue', key: 'staff.nav.queue', permission: 'queue.view' },
  { href: '/staff/team', key: 'staff.nav.team', permission: 'team.exposure' },
  { href: '/staff/routing', key: 'takedown.nav.routing', permission: 'routing.manage' },
  { href: '/staff/police', key: 'takedown.nav.police', permission: 'police.view' },
  { href: '/staff/providers', key: 'takedown.nav.providers', permission: 'providers.manage' },
  { href: '/staff/partners', key: 'exchange.nav.partners', permission: 'partners.manage' },
  { href: '/staff/reports/annual', key: 'reports.nav', permission: 'reports.view' },
  { href: '/staff/stats', key: 'staff.nav.stats', permission: 'stats.view' },
  { href: '/staff/audit', key: 'staff.nav.audit', permission: 'audit.view' },
  { href: '/staff/users', key: 'staff.nav.users', permission: 'users.manage' },
  { href: '/staff/account', key: 'staff.nav.account', permission: 'account.self' },
] as const;

/** The page each role starts on: one it may open, for the work it does most. */
const START_PAGES: Record<Role, string> = {
  analyst: '/staff/queue',
  supervisor: '/staff/queue',
  auditor: '/staff/audit',
  admin: '/staff/users',
  police: '/staff/police',
};

export function startPageOf(role: Role): string {
  return START_PAGES[role];
}

/** A role's name in the reader's language; the role itself stays an identifier. */
export function roleName(t: Translate, role: Role): string {
  return t(`staff.role.${role}`);
}

/** The workbench frame in the reader's language: no public navigation, the signed-in user and a sign-out button. */
export function staffLayout(context: StaffPageContext, title: string, body: Html, options: StaffPageOptions = {}): string {
  const { t, locale } = context;
  return `<!doctype html>\n${html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title} – ${t('staff.site.name')}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/assets/staff.css">
<link rel="icon" href="/favicon.ico" sizes="16x16 32x32">
<meta name="csrf-token" content="${context.csrfToken}">
${(options.scripts ?? []).map((script) => html`<script src="/assets/${script}" defer></script>`)}
</head>
<body class="staff">
<a class="skip" href="#main">${t('skip.main')}</a>
<header class="site-header">
  <div class="wrap wide">
    <a class="brand" href="/staff">${t('site.name')}<span class="tagline">${t('staff.tagline')}</span></a>
    ${languageSwitcher(locale, context.path, t)}
    ${workbenchNavigation(context)}
  </div>
</header>
<main id="main" class="wrap wide" tabindex="-1">
${options.banner ?? ''}
${body}
</main>
</body>
</html>`.text}`;
}

/** The links the signed-in user's role allows, and sign-out; nothing before sign-in. */
function workbenchNavigation(context: StaffPageContext): Html | null {
  const { user, t } = context;
  if (!user) return null;
  return html`<nav aria-label="${t('staff.nav.label')}"><ul>${LINKS.filter((link) => roleHas(user.role, link.permission)).map(
    (link) => html`<li><a href="${link.href}"${context.path.startsWith(link.href) ? html` aria-current="page"` : ''}>${t(link.key)}</a></li>`,
  )}<li><form method="post" action="/staff/logout" class="inline"><input type="hidden" name="_csrf" value="${context.csrfToken}"><button type="submit" class="link">${t('staff.signOut', { email: user.email })}</button></form></li></ul></nav>`;
}
