import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { DEMO_PASSWORD } from './org.seed.ts';
import { login } from './org.accounts.service.ts';
import { RateLimitedError, ValidationError } from '../../lib/errors.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

const T0 = Date.parse('2026-03-01T08:00:00Z');
const OWNER_IP = '10.20.0.7';

/** One sign-in attempt; what the caller sees: 'ok', 'wrong' (400) or the seconds a 429 asks to wait. */
async function attempt(username: string, password: string, ip: string, now: number): Promise<'ok' | 'wrong' | number> {
  try {
    await login(h.db, { username, password, ip }, now);
    return 'ok';
  } catch (error) {
    if (error instanceof RateLimitedError) return error.retryAfterSeconds;
    if (error instanceof ValidationError) return 'wrong';
    throw error;
  }
}

describe('sign-in throttling', () => {
  it('slows an attacker at one address with doubling waits, while the owner at a familiar address signs in', async () => {
    expect(await attempt('admin', DEMO_PASSWORD, OWNER_IP, T0)).toBe('ok');
    const attacker = '203.0.113.5';
    for (let i = 0; i < 6; i++) expect(await attempt('admin', 'guess-' + i, attacker, T0)).toBe('wrong');
    expect(await attempt('admin', 'guess-6', attacker, T0)).toBe(1);
    expect(await attempt('admin', DEMO_PASSWORD, attacker, T0 + 500)).toBe(1);
    expect(await attempt('admin', 'guess-7', attacker, T0 + 1000)).toBe('wrong');
    expect(await attempt('admin', 'guess-8', attacker, T0 + 1000)).toBe(2);
    expect(await attempt('admin', DEMO_PASSWORD, OWNER_IP, T0 + 1000)).toBe('ok');
    expect(await attempt('admin', 'typo', OWNER_IP, T0 + 1000)).toBe('wrong');
    expect(await attempt('admin', DEMO_PASSWORD, OWNER_IP, T0 + 1000)).toBe('ok');
  });

  it('never makes anyone wait more than 15 minutes, however long the guessing goes on', async () => {
    const attacker = '198.51.100.77';
    let now = T0;
    const waits: number[] = [];
    for (let failures = 0; failures < 22; ) {
      const result = await attempt('duban', 'guess', attacker, now);
      if (result === 'wrong') failures++;
      else if (typeof result === 'number') {
        waits.push(result);
        now += result * 1000;
      } else throw new Error('signed in with a wrong password');
    }
    expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(Math.max(...waits)).toBe(900);
  });

  it('limits guesses at one account spread over many addresses, but not from the addresses it signs in from', async () => {
    expect(await attempt('leader', DEMO_PASSWORD, OWNER_IP, T0)).toBe('ok');
    for (let i = 0; i < 21; i++) expect(await attempt('leader', 'guess', `192.0.2.${i + 1}`, T0)).toBe('wrong');
    expect(await attempt('leader', DEMO_PASSWORD, '192.0.2.200', T0)).toBe(1);
    expect(await attempt('leader', DEMO_PASSWORD, OWNER_IP, T0)).toBe('ok');
  });

  it('limits one address across accounts after 50 failures', async () => {
    const office = '172.16.5.5';
    for (let i = 0; i < 51; i++) expect(await attempt(`nobody${i}`, 'guess', office, T0)).toBe('wrong');
    expect(await attempt('fgw', DEMO_PASSWORD, office, T0)).toBe(1);
  });

  it('audits every failed sign-in with the name tried and the address', async () => {
    await attempt('swj', 'not-the-password', '10.99.0.1', T0);
    await attempt('ghost-user', 'whatever', '10.99.0.1', T0);
    const rows = await h.db.selectFrom('audit_log').select(['actor_name', 'summary', 'actor_user_id']).where('action', '=', 'login_failed').where('summary', 'like', '%10.99.0.1').execute();
    expect(rows.map((r) => r.actor_name).sort()).toEqual(['ghost-user', 'swj']);
    expect(rows.find((r) => r.actor_name === 'swj')!.actor_user_id).not.toBeNull();
  });
});
