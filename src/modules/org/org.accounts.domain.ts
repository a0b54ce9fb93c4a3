/**
 * Says why a password is too weak, or returns null when it is acceptable:
 * at least 10 characters, not the username, and not a single repeated or sequential pattern.
 */
export function checkPasswordStrength(password: string, username = ''): string | null {
  if (password.length < 10) return '密码至少 10 位 / at least 10 characters';
  if (password.length > 200) return '密码最多 200 位 / at most 200 characters';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名 / must not contain the username';
  if (new Set(password).size < 4) return '密码字符种类太少 / too few different characters';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return '密码需包含字母、数字或符号中的至少两类 / use at least two of letters, digits, symbols';
  return null;
}

interface ThrottleEntry {
  failures: number[];
  lockedUntil: number;
}

/**
 * Counts failed sign-ins per key (account, address) in a sliding window and locks a key for a while
 * once it passes the limit.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, ThrottleEntry>();

  constructor(private readonly opts: { maxFailures: number; windowMs: number; lockMs: number }) {}

  /** Milliseconds to wait before any of the keys may try again (0 when free). */
  retryAfter(keys: string[], now: number): number {
    return Math.max(0, ...keys.map((k) => (this.entries.get(k)?.lockedUntil ?? 0) - now));
  }

  /** Records a failure for each key. */
  fail(keys: string[], now: number): void {
    for (const key of keys) {
      const e = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
      e.failures = e.failures.filter((t) => now - t < this.opts.windowMs);
      e.failures.push(now);
      if (e.failures.length >= this.opts.maxFailures) e.lockedUntil = now + this.opts.lockMs;
      this.entries.set(key, e);
    }
    if (this.entries.size > 100_000) this.entries.clear();
  }

  /** Clears the keys' failures after a successful sign-in. */
  succeed(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}
