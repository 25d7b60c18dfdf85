import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, roleHas, type Permission } from './permissions.js';

describe('permissions', () => {
  it('give each role exactly its table', () => {
    const table = Object.fromEntries(
      ROLES.map((role) => [role, (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleHas(role, p))]),
    );
    expect(table).toEqual({
      admin: ['account.self', 'audit.view', 'users.manage', 'providers.manage', 'partners.manage', 'reports.view', 'stats.view'],
      supervisor: [
        'account.self',
        'queue.view',
        'item.view',
        'media.view',
        'item.claim',
        'item.assess',
        'item.release_any',
        'item.reopen',
        'contact.view',
        'team.exposure',
        'providers.manage',
        'routing.manage',
        'police.view',
        'reports.view',
        'stats.view',
      ],
      analyst: ['account.self', 'queue.view', 'item.view', 'media.view', 'item.claim', 'item.assess'],
      auditor: ['account.self', 'queue.view', 'item.view', 'audit.view', 'reports.view', 'stats.view'],
      police: ['account.self', 'police.view', 'police.release', 'police.evidence'],
    });
  });

  it('let the police read their referrals and release holds, and nothing of the workbench', () => {
    for (const permission of ['queue.view', 'item.view', 'media.view', 'item.assess', 'routing.manage', 'providers.manage'] as const) {
      expect(roleHas('police', permission)).toBe(false);
    }
  });

  it('never let an auditor change anything', () => {
    for (const permission of ['item.claim', 'item.assess', 'item.reopen', 'users.manage'] as const) {
      expect(roleHas('auditor', permission)).toBe(false);
    }
  });
});
