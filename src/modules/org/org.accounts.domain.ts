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

/** How many failed sign-ins each kind of throttle key allows before it starts to make the caller wait. */
export const FREE_FAILURES = {
  /** One account at one address: a mistyped password a few times. */
  accountAtAddress: 5,
  /** One address, any accounts: a whole office may sign in from behind one NAT. */
  address: 50,
  /** One account from every address it never signed in from, together: a spread-out guess at one account. */
  accountUnfamiliar: 20,
} as const;

/** The first wait after the free failures, doubled by each further failure up to MAX_DELAY_MS. */
export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60_000;
/** A key whose last failure is older than this starts counting from zero again. */
export const FORGET_AFTER_MS = 60 * 60_000;

/** One counter a sign-in attempt is checked against and, if it fails, adds to. */
export interface ThrottleKey {
  key: string;
  free: number;
}

/**
 * The counters an attempt at `username` from `address` is held to. The account-wide counter applies only to
 * addresses the account never signed in from, so failures elsewhere cannot shut its owner out.
 * @example throttleKeys('Admin', '10.0.0.9', false).map((k) => k.key) // ['ua:admin|10.0.0.9', 'a:10.0.0.9', 'uu:admin']
 */
export function throttleKeys(username: string, address: string, familiarAddress: boolean): ThrottleKey[] {
  const user = username.toLowerCase().slice(0, 100);
  const keys: ThrottleKey[] = [
    { key: `ua:${user}|${address}`, free: FREE_FAILURES.accountAtAddress },
    { key: `a:${address}`, free: FREE_FAILURES.address },
  ];
  if (!familiarAddress) keys.push({ key: `uu:${user}`, free: FREE_FAILURES.accountUnfamiliar });
  return keys;
}

/**
 * How long a key must wait after its `failures`-th failure: nothing within the free failures, then 1 s,
 * doubling with each further failure, never more than 15 minutes.
 * @example [5, 6, 7, 20].map((n) => delayAfterFailures(n, 5)) // [0, 1000, 2000, 900000]
 */
export function delayAfterFailures(failures: number, free: number): number {
  if (failures <= free) return 0;
  const doublings = Math.min(failures - free - 1, 30);
  return Math.min(FIRST_DELAY_MS * 2 ** doublings, MAX_DELAY_MS);
}
