import { bilingual } from '../../lib/bilingual.ts';
import crypto from 'node:crypto';
import { requireAbility, abilitiesOf, ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import type { Db } from '../../server/db.ts';
import { recordAudit } from './org.audit.ts';
import { orgPolicy, PUBLIC_ACTOR, type Actor } from './org.policy.ts';
import * as repo from './org.repo.ts';
import type { Role } from './org.tables.ts';
import type { Capability } from './org.schema.ts';
import { checkPasswordStrength, throttleKeys } from './org.accounts.domain.ts';
import * as throttle from './org.throttle.repo.ts';
import { loadIdentity } from './org.actor.ts';
import { cachedIdentity, cacheIdentity, forgetIdentities, type SessionIdentity } from './org.session-cache.ts';

// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const SESSION_DAYS = 14;
const ALL_ROLES: Role[] = ['admin', 'supervisor', 'leader', 'unit_editor', 'unit_viewer'];

/** Hashes a password with argon2id (OWASP's minimum parameters). */
export async function hashPassword(password: string): Promise<string> {
  const { hash } = await import('@node-rs/argon2');
  return hash(password, ARGON2);
}

/** Checks a password against an argon2 hash. */
async function verify(hashed: string, password: string): Promise<boolean> {
  const argon2 = await import('@node-rs/argon2');
  return argon2.verify(hashed, password);
}

/** A role grant as given by a caller. */
export interface RoleGrant {
  role: Role;
  unitId?: string | null;
}

/** Fields of a new account. */
export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  personId?: string | null;
  unitId?: string | null;
  locale?: 'zh-CN' | 'en-US';
  roles?: RoleGrant[];
  mustChangePassword?: boolean;
}

const withUserAbilities = (ctx: ServiceContext) => (u: Awaited<ReturnType<typeof repo.listUsers>>[number]) => ({
  ...u,
  abilities: abilitiesOf(orgPolicy.user, ctx.actor, u),
});

function validateRoles(roles: RoleGrant[]) {
  const issues = roles.flatMap((r, i) => {
    if (!ALL_ROLES.includes(r.role)) return [{ field: `roles[${i}].role`, message: `未知角色 / unknown role "${r.role}"` }];
    if ((r.role === 'unit_editor' || r.role === 'unit_viewer') && !r.unitId)
      return [{ field: `roles[${i}].unitId`, message: '单位角色需要指定单位 / a unit role needs a unit' }];
    return [];
  });
  if (issues.length) throw new ValidationError('角色有误 / invalid roles', issues);
}

/** Lists accounts (administrators). */
export async function listUsers(ctx: ServiceContext) {
  requireAbility(orgPolicy.user.list, ctx.actor, undefined as never, 'list users');
  return (await repo.listUsers(ctx.db)).map(withUserAbilities(ctx));
}

/** Creates an account with a checked password and roles (administrators). */
export async function createUser(ctx: ServiceContext, input: UserInput) {
  requireAbility(orgPolicy.user.create, ctx.actor, undefined as never, 'create user');
  const issues = [];
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(input.username ?? ''))
    issues.push({ field: 'username', message: '用户名为 2–64 个字母、数字或 _.@- / 2–64 letters, digits or _.@-' });
  if (!input.displayName?.trim()) issues.push({ field: 'displayName', message: '姓名不能为空 / display name is required' });
  const weak = checkPasswordStrength(input.password ?? '', input.username);
  if (weak) issues.push({ field: 'password', message: weak });
  if (issues.length) throw new ValidationError('账号信息有误 / invalid account', issues);
  validateRoles(input.roles ?? []);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (trx) => {
    const clash = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (clash) throw new ConflictError(`用户名已存在 / username "${input.username}" is taken`, [{ field: 'username', message: 'duplicate' }]);
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        password_hash: passwordHash,
        person_id: input.personId ?? null,
        unit_id: input.unitId ?? null,
        locale: input.locale ?? 'zh-CN',
        must_change_password: input.mustChangePassword ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const roles = dedupeRoles(input.roles ?? []);
    if (roles.length) await trx.insertInto('user_roles').values(roles.map((r) => ({ user_id: row.id, role: r.role, unit_id: r.unitId ?? null }))).execute();
    const [after] = await repo.listUsers(trx, { id: row.id });
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'user', entityId: row.id, summary: `新建账号 ${input.username}`, after });
    return withUserAbilities(ctx)(after);
  });
}

function dedupeRoles(roles: RoleGrant[]): RoleGrant[] {
  const seen = new Map<string, RoleGrant>();
  for (const r of roles) seen.set(`${r.role}|${r.unitId ?? ''}`, { role: r.role, unitId: r.unitId ?? null });
  return [...seen.values()];
}

async function findUserOr404(ctx: ServiceContext, id: string) {
  const [user] = await repo.listUsers(ctx.db, { id });
  if (!user) throw new NotFoundError(`User ${id}`);
  return user;
}

/** Resolves a username to an account id, or throws not found. */
export async function userIdByUsername(db: Db, username: string): Promise<string> {
  const [user] = await repo.listUsers(db, { username });
  if (!user) throw new NotFoundError(`User "${username}"`);
  return user.id;
}

/** Changes an account's name, unit, person, locale or active flag (administrators). */
export async function updateUser(
  ctx: ServiceContext,
  id: string,
  patch: { displayName?: string; personId?: string | null; unitId?: string | null; locale?: 'zh-CN' | 'en-US'; active?: boolean },
) {
  const before = await findUserOr404(ctx, id);
  requireAbility(orgPolicy.user.update, ctx.actor, before, 'update user');
  if (patch.active === false && id === ctx.actor.userId) throw new ValidationError('不能停用自己的账号 / you cannot deactivate your own account');
  return inTransaction(ctx, async (trx) => {
    await trx
      .updateTable('users')
      .set((eb) => ({
        display_name: patch.displayName?.trim() || before.display_name,
        person_id: patch.personId === undefined ? before.person_id : patch.personId,
        unit_id: patch.unitId === undefined ? before.unit_id : patch.unitId,
        locale: patch.locale ?? before.locale,
        active: patch.active ?? before.active,
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
    if (patch.active === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const [after] = await repo.listUsers(trx, { id });
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'user', entityId: id, summary: `修改账号 ${before.username}`, before, after });
    return withUserAbilities(ctx)(after);
  });
}

/**
 * Saves the language the signed-in person chose to their account, so it follows them to every browser. Their own
 * account only (the same rule as changing one's own password); not audited, as it changes nothing anyone else sees.
 */
export async function setOwnLocale(ctx: ServiceContext, locale: 'zh-CN' | 'en-US'): Promise<{ locale: 'zh-CN' | 'en-US' }> {
  if (ctx.actor.kind !== 'user' || !ctx.actor.userId) throw new ForbiddenError('set own language', false);
  requireAbility(orgPolicy.user.changeOwnPassword, ctx.actor, { id: ctx.actor.userId } as never, 'set own language');
  await ctx.db.updateTable('users').set({ locale }).where('id', '=', ctx.actor.userId).execute();
  // The cached identity answers /api/auth/me; it must show the new language.
  forgetIdentities();
  return { locale };
}

/** Replaces an account's roles (administrators); the last active administrator cannot lose the role. */
export async function setUserRoles(ctx: ServiceContext, id: string, roles: RoleGrant[]) {
  const before = await findUserOr404(ctx, id);
  requireAbility(orgPolicy.user.setRoles, ctx.actor, before, 'set roles');
  validateRoles(roles);
  return inTransaction(ctx, async (trx) => {
    const wanted = dedupeRoles(roles);
    if (before.roles.some((r) => r.role === 'admin') && !wanted.some((r) => r.role === 'admin')) {
      const admins = await trx
        .selectFrom('user_roles')
        .innerJoin('users', 'users.id', 'user_roles.user_id')
        .select('users.id')
        .where('role', '=', 'admin')
        .where('users.active', '=', true)
        .execute();
      if (admins.filter((a) => a.id !== id).length === 0)
        throw new ConflictError('至少需要保留一名管理员 / at least one administrator must remain');
    }
    await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
    if (wanted.length) await trx.insertInto('user_roles').values(wanted.map((r) => ({ user_id: id, role: r.role, unit_id: r.unitId ?? null }))).execute();
    const [after] = await repo.listUsers(trx, { id });
    await recordAudit(trx, ctx.actor, { action: 'set_roles', entity: 'user', entityId: id, summary: `修改角色 ${before.username}`, before: before.roles, after: after.roles });
    return withUserAbilities(ctx)(after);
  });
}

/**
 * Sets a password: administrators for any account (the user must change it at next sign-in unless it is their own),
 * a user for their own account only with the current password. Ends the account's other sessions.
 */
export async function setPassword(
  ctx: ServiceContext,
  id: string,
  input: { newPassword: string; currentPassword?: string; keepSessionHash?: string },
) {
  const user = await findUserOr404(ctx, id);
  const own = orgPolicy.user.changeOwnPassword(ctx.actor, user);
  requireAbility(own ? orgPolicy.user.changeOwnPassword : orgPolicy.user.resetPassword, ctx.actor, user, own ? 'change own password' : 'reset password');
  if (own && ctx.actor.kind === 'user') {
    const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    if (!input.currentPassword || !(await verify(row.password_hash, input.currentPassword)))
      throw new ValidationError('当前密码不正确 / the current password is wrong', [{ field: 'currentPassword', message: 'wrong password' }]);
  }
  const weak = checkPasswordStrength(input.newPassword ?? '', user.username);
  if (weak) throw new ValidationError('新密码太弱 / the new password is too weak', [{ field: 'newPassword', message: weak }]);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), must_change_password: !own && ctx.actor.kind === 'user', updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    let del = trx.deleteFrom('sessions').where('user_id', '=', id);
    if (input.keepSessionHash) del = del.where('token_hash', '!=', input.keepSessionHash);
    await del.execute();
    await recordAudit(trx, ctx.actor, { action: own ? 'change_password' : 'reset_password', entity: 'user', entityId: id, summary: `修改密码 ${user.username}` });
  });
}

/** Hashes a session token for storage, so a stolen database copy holds no usable session. */
export function sessionTokenHash(token: string): string {
  if (sessionKey) return crypto.createHmac('sha256', sessionKey).update(token).digest('base64url');
  return crypto.createHash('sha256').update(token).digest('base64url');
}

let sessionKey: Buffer | null = null;

/**
 * Keys the stored session-token hashes with LUOSHI_SESSION_SECRET (HMAC-SHA-256) when it is set. A token is only
 * ever stored hashed either way; the key adds a switch: changing the secret signs every session out at once, as
 * after a suspected leak, and a copy of the sessions table is of no use without the secret.
 */
export function keySessionHashes(secret: string): void {
  sessionKey = secret === '' ? null : Buffer.from(secret, 'utf8');
  forgetIdentities();
}

// A hash to verify against when the username does not exist, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

/** The 429 a throttled sign-in gets: how long to wait, in both languages, and in Retry-After. */
function tooManyFailures(waitMs: number): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const zh = seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
  const en = seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return new RateLimitedError(`登录失败次数过多，请 ${zh}后再试 / too many failed sign-ins; try again in ${en}`, seconds);
}

/**
 * Checks a username and password and opens a session. Failures are counted in the database per account at an
 * address, per address, and per account from unfamiliar addresses; past a few free failures each one doubles
 * the wait (1 s up to 15 min, answered 429), so the owner at a familiar address keeps signing in while someone
 * else guesses. Failed attempts are audited. Returns the raw session token (for the cookie) and its CSRF token.
 */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; userAgent?: string; requestId?: string },
  now = Date.now(),
) {
  const row = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active', 'username'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  const keys = throttleKeys(input.username, input.ip, await throttle.isFamiliarAddress(db, row?.id ?? null, input.ip));
  const wait = await throttle.throttleWait(db, keys, now);
  if (wait > 0) throw tooManyFailures(wait);
  dummyHash ??= hashPassword(crypto.randomUUID());
  const ok = row ? await verify(row.password_hash, input.password ?? '') : (await verify(await dummyHash, input.password ?? ''), false);
  if (!row || !ok || !row.active) {
    await throttle.recordFailure(db, keys, now);
    const who = input.username.slice(0, 64);
    const actor: Actor = { ...PUBLIC_ACTOR, userId: row?.id ?? null, name: who, requestId: input.requestId };
    await recordAudit(db, actor, { action: 'login_failed', entity: 'session', entityId: row?.id ?? who, summary: bilingual(`登录失败 ${who}，来自 ${input.ip}`, `sign-in failed: ${who} from ${input.ip}`) });
    throw new ValidationError('用户名或密码不正确 / wrong username or password', [{ field: 'password', message: 'wrong username or password' }]);
  }
  await throttle.recordSuccess(db, row.id, keys[0], input.ip, now);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      token_hash: sessionTokenHash(token),
      user_id: row.id,
      csrf_token: csrf,
      expires_at: new Date(now + SESSION_DAYS * 86400_000),
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  const actor: Actor = { ...PUBLIC_ACTOR, kind: 'user', userId: row.id, name: row.username, via: 'api', requestId: input.requestId };
  await recordAudit(db, actor, { action: 'login', entity: 'session', entityId: row.id, summary: bilingual(`登录 ${row.username}，来自 ${input.ip}`, `signed in: ${row.username} from ${input.ip}`) });
  return { token, csrfToken: csrf, userId: row.id, maxAgeSeconds: SESSION_DAYS * 86400 };
}

/**
 * The identity behind a session cookie (session, actor, account), from the short-lived cache when it can be,
 * else from the database; null when the session is missing or expired or the account is inactive.
 */
export async function sessionIdentity(db: Db, token: string, requestId?: string): Promise<SessionIdentity | null> {
  const cached = cachedSessionIdentity(token, requestId);
  if (cached) return cached;
  const session = await findSession(db, token);
  if (!session) return null;
  const loaded = await loadIdentity(db, session.userId, 'api', requestId);
  if (!loaded) return null;
  const identity = { session, ...loaded };
  cacheIdentity(token, identity);
  return identity;
}

/** The identity behind a session cookie when the short-lived cache has it (no database), else null. */
export function cachedSessionIdentity(token: string, requestId?: string): SessionIdentity | null {
  const cached = cachedIdentity(token);
  return cached ? { ...cached, actor: { ...cached.actor, requestId } } : null;
}

/** Finds the live session for a raw token, sliding its last-seen time; null when missing or expired. */
export async function findSession(db: Db, token: string) {
  const tokenHash = sessionTokenHash(token);
  const session = await db
    .selectFrom('sessions')
    .select(['user_id', 'csrf_token', 'expires_at', 'last_seen_at', 'token_hash'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!session || new Date(session.expires_at).getTime() < Date.now()) return null;
  if (Date.now() - new Date(session.last_seen_at).getTime() > 5 * 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
  }
  return { userId: session.user_id, csrfToken: session.csrf_token, tokenHash, expiresAt: new Date(session.expires_at).getTime() };
}

/** Ends a session. */
export async function logout(db: Db, token: string): Promise<void> {
  forgetIdentities(token);
  await db.deleteFrom('sessions').where('token_hash', '=', sessionTokenHash(token)).execute();
}

/** What the UI may offer the caller, by flag; modules beyond org contribute their own flags through the app wiring. */
export type Capabilities = (actor: Actor) => Record<Exclude<Capability, 'manageUnits' | 'manageUsers' | 'readAudit'>, boolean>;

/** The signed-in account as /api/auth/me answers it. */
export type MeView = SessionIdentity['user'] & { abilities: (keyof typeof orgPolicy.user)[]; can: Record<Capability, boolean> };

/** The signed-in user's own account, roles and the abilities the UI needs to show or hide things. */
export async function me(ctx: ServiceContext, moduleCapabilities: Capabilities = () => ({ createPlans: false, runAnalyses: false, reviewReports: false, superviseEscalations: false, remindUnits: false, setNotifyChannels: false, myPortfolio: false, atlas: false, importAtlas: false }), account?: SessionIdentity['user']): Promise<MeView> {
  if (ctx.actor.kind !== 'user' || !ctx.actor.userId) throw new ForbiddenError('read own account', false);
  const user = account?.id === ctx.actor.userId ? account : await findUserOr404(ctx, ctx.actor.userId);
  return {
    ...user,
    abilities: abilitiesOf(orgPolicy.user, ctx.actor, user),
    can: {
      manageUnits: orgPolicy.unit.create(ctx.actor),
      manageUsers: orgPolicy.user.list(ctx.actor),
      readAudit: orgPolicy.audit.read(ctx.actor),
      ...moduleCapabilities(ctx.actor),
    },
  };
}
