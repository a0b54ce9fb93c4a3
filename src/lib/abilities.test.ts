import { describe, expect, it } from 'vitest';
import { definePolicy, ForbiddenError, policyRuleNames, recordChecks, requireAbility, requireVisible } from './abilities.ts';
import { NotFoundError } from './errors.ts';
import { PUBLIC_ACTOR, type Actor } from '../modules/org/org.policy.ts';

const thing = definePolicy('thing', {
  read: (a: Actor, r: { open: boolean }) => r.open || a.kind === 'system',
  write: (a: Actor) => a.kind === 'system',
});
const user: Actor = { ...PUBLIC_ACTOR, kind: 'user', userId: 'u1' };

describe('named policy rules', () => {
  it('records, per actor object, which named rules were checked, refused ones included', () => {
    const actor = { ...user };
    const checks = recordChecks(actor);
    requireAbility(thing.read, actor, { open: true }, 'read thing');
    expect(() => requireAbility(thing.write, actor, undefined, 'write thing')).toThrow(ForbiddenError);
    expect(checks).toEqual(['thing.read', 'thing.write']);
    expect(policyRuleNames().has('thing.write')).toBe(true);
    // Another request's actor has its own record.
    requireAbility(thing.read, { ...user }, { open: true }, 'read thing');
    expect(checks).toHaveLength(2);
  });

  it('refuses in both languages (中文 / English), the Chinese half first', () => {
    expect(() => requireAbility(thing.write, user, undefined, 'write thing')).toThrow(/^没有权限（write thing） \/ Not allowed: write thing$/);
    expect(() => requireAbility(thing.write, PUBLIC_ACTOR, undefined, 'write thing')).toThrow(/^请先登录（write thing） \/ Sign in first: write thing$/);
  });

  it('hides a record from a signed-in actor the read rule refuses, and asks the public to sign in', () => {
    const hidden = () => new NotFoundError('Thing 1');
    expect(() => requireVisible(thing.read, user, { open: false }, 'read thing', hidden)).toThrow(NotFoundError);
    expect(() => requireVisible(thing.read, PUBLIC_ACTOR, { open: false }, 'read thing', hidden)).toThrow(ForbiddenError);
    expect(() => requireVisible(thing.read, user, { open: true }, 'read thing', hidden)).not.toThrow();
  });
});
