import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, roleHas, type Permission } from './permissions.js';

describe('permissions', () => {
  it('give each role exactly its table', () => {
    const table = Object.fromEntries(
      ROLES.map((role) => [role, (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleHas(role, p))]),
    );
    expect(table).toEqual({
      admin: ['account.self', 'audit.view', 'users.manage'],
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
      ],
      analyst: ['account.self', 'queue.view', 'item.view', 'media.view', 'item.claim', 'item.assess'],
      auditor: ['account.self', 'queue.view', 'item.view', 'audit.view'],
    });
  });

  it('never let an auditor change anything', () => {
    for (const permission of ['item.claim', 'item.assess', 'item.reopen', 'users.manage'] as const) {
      expect(roleHas('auditor', permission)).toBe(false);
    }
  });
});
