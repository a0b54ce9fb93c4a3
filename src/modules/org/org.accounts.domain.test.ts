import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, LoginThrottle } from './org.accounts.domain.ts';

describe('checkPasswordStrength', () => {
  it.each([
    ['short1!', 'too short'],
    ['aaaaaaaaaaaa', 'one character'],
    ['abcdefghijkl', 'letters only'],
    ['chenlianluo2026', 'contains the username'],
  ])('rejects %s (%s)', (password) => {
    expect(checkPasswordStrength(password, 'chenlianluo')).not.toBeNull();
  });
  it('accepts a long mixed password', () => {
    expect(checkPasswordStrength('Tianjin-2026-plan', 'chen')).toBeNull();
  });
});

describe('LoginThrottle', () => {
  it('locks a key after the fifth failure in the window and frees it after the lock time', () => {
    const t = new LoginThrottle({ maxFailures: 5, windowMs: 60_000, lockMs: 120_000 });
    for (let i = 0; i < 4; i++) t.fail(['u:a'], 1000 + i);
    expect(t.retryAfter(['u:a'], 2000)).toBe(0);
    t.fail(['u:a'], 2000);
    expect(t.retryAfter(['u:a'], 2000)).toBe(120_000);
    expect(t.retryAfter(['u:b'], 2000)).toBe(0);
    expect(t.retryAfter(['u:a'], 2000 + 120_000)).toBe(0);
  });
  it('forgets failures older than the window', () => {
    const t = new LoginThrottle({ maxFailures: 3, windowMs: 1000, lockMs: 5000 });
    t.fail(['k'], 0);
    t.fail(['k'], 10);
    t.fail(['k'], 2000);
    expect(t.retryAfter(['k'], 2000)).toBe(0);
  });
});
