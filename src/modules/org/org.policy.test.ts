import { describe, expect, it } from 'vitest';
import { abilitiesOf } from '../../lib/abilities.ts';
import { orgPolicy, PUBLIC_ACTOR, systemActor, type Actor } from './org.policy.ts';

const user = (roles: Actor['roles'], editable: string[] = [], viewable: string[] = []): Actor => ({
  ...PUBLIC_ACTOR,
  kind: 'user',
  userId: 'u1',
  name: 'u1',
  roles,
  editableUnitIds: new Set(editable),
  viewableUnitIds: new Set(viewable),
});

describe('orgPolicy', () => {
  it('lets a unit editor change only the units in its scope', () => {
    const editor = user([{ role: 'unit_editor', unitId: 'ndrc' }], ['ndrc', 'ndrc-sub']);
    expect(abilitiesOf(orgPolicy.unit, editor, { id: 'ndrc' })).toEqual(['read', 'update', 'addAlias']);
    expect(abilitiesOf(orgPolicy.unit, editor, { id: 'commerce' })).toEqual(['read']);
  });
  it('gives administrators and the system every unit ability', () => {
    for (const actor of [user([{ role: 'admin', unitId: null }]), systemActor()]) {
      expect(abilitiesOf(orgPolicy.unit, actor, { id: 'x' })).toEqual(['read', 'create', 'update', 'addAlias', 'delete']);
    }
  });
  it('shows the public nothing of the directory and the audit log only to supervisors', () => {
    expect(abilitiesOf(orgPolicy.unit, PUBLIC_ACTOR, { id: 'x' })).toEqual([]);
    expect(orgPolicy.audit.read(user([{ role: 'unit_viewer', unitId: 'a' }], [], ['a']))).toBe(false);
    expect(orgPolicy.audit.read(user([{ role: 'supervisor', unitId: null }]))).toBe(true);
  });
  it('lets a user change only their own password, and administrators reset anyone’s', () => {
    const viewer = user([{ role: 'unit_viewer', unitId: 'a' }]);
    expect(orgPolicy.user.changeOwnPassword(viewer, { id: 'u1' })).toBe(true);
    expect(orgPolicy.user.changeOwnPassword(viewer, { id: 'u2' })).toBe(false);
    expect(orgPolicy.user.resetPassword(viewer)).toBe(false);
    expect(orgPolicy.user.resetPassword(user([{ role: 'admin', unitId: null }]))).toBe(true);
  });
});
