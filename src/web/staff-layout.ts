import type { Role } from '../domain/permissions.js';
import { roleHas } from '../domain/permissions.js';
import { html, type Html } from './html.js';
import type { PageContext } from './layout.js';

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
  { href: '/staff/queue', label: 'Queue', permission: 'queue.view' },
  { href: '/staff/team', label: 'Team', permission: 'team.exposure' },
  { href: '/staff/audit', label: 'Audit log', permission: 'audit.view' },
  { href: '/staff/users', label: 'Users', permission: 'users.manage' },
  { href: '/staff/account', label: 'Account', permission: 'account.self' },
] as const;

/** The workbench frame: English, no public navigation, the signed-in user and a sign-out button. */
export function staffLayout(context: StaffPageContext, title: string, body: Html, options: StaffPageOptions = {}): string {
  const { user } = context;
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title} – OpenHotline workbench</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/assets/staff.css">
<meta name="csrf-token" content="${context.csrfToken}">
${(options.scripts ?? []).map((script) => html`<script src="/assets/${script}" defer></script>`)}
</head>
<body class="staff">
<a class="skip" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap wide">
    <a class="brand" href="/staff">OpenHotline<span class="tagline">Workbench</span></a>
    ${user
      ? html`<nav aria-label="Workbench"><ul>${LINKS.filter((link) => roleHas(user.role, link.permission)).map(
          (link) => html`<li><a href="${link.href}"${context.path.startsWith(link.href) ? html` aria-current="page"` : ''}>${link.label}</a></li>`,
        )}<li><form method="post" action="/staff/logout" class="inline"><input type="hidden" name="_csrf" value="${context.csrfToken}"><button type="submit" class="link">Sign out ${user.email}</button></form></li></ul></nav>`
      : ''}
  </div>
</header>
<main id="main" class="wrap wide" tabindex="-1">
${options.banner ?? ''}
${body}
</main>
</body>
</html>`.text}`;
}
