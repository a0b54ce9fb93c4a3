import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, delayAfterFailures, throttleKeys } from './org.accounts.domain.ts';

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

describe('login throttle rules', () => {
  it('lets the free failures through, then doubles the wait from 1 s up to 15 minutes', () => {
    expect([1, 5, 6, 7, 8, 15, 16, 100].map((n) => delayAfterFailures(n, 5))).toEqual([0, 0, 1000, 2000, 4000, 512_000, 900_000, 900_000]);
  });
  it('holds an unfamiliar address to the account-wide counter, and a familiar one only to its own', () => {
    expect(throttleKeys('Admin', '203.0.113.9', false).map((k) => [k.key, k.free])).toEqual([
      ['ua:admin|203.0.113.9', 5],
      ['a:203.0.113.9', 50],
      ['uu:admin', 20],
    ]);
    expect(throttleKeys('admin', '10.1.2.3', true).map((k) => k.key)).toEqual(['ua:admin|10.1.2.3', 'a:10.1.2.3']);
  });
});
