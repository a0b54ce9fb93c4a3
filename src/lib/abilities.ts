/** Who acts, as far as these helpers need to know: the public is asked to sign in instead of being refused. */
export interface PolicyActor {
  readonly kind: string;
}

/** The thrown error when an actor may not do something; mapped to HTTP 403 (or 401 for the public). */
export class ForbiddenError extends Error {
  constructor(
    readonly action: string,
    readonly signedIn: boolean,
  ) {
    // Both halves, as every message ("中文 / English"); the action is the rule's name, kept as written.
    super(signedIn ? `没有权限（${action}） / Not allowed: ${action}` : `请先登录（${action}） / Sign in first: ${action}`);
    this.name = 'ForbiddenError';
  }
}

type Rule<A extends PolicyActor, R> = (actor: A, record: R) => boolean;
// Any rule, whatever record it takes (a parameter of type never accepts every rule).
type AnyRule = (actor: never, record: never) => boolean;

const ruleNames = new WeakMap<AnyRule, string>();
const allRuleNames = new Set<string>();
const checkLogs = new WeakMap<PolicyActor, string[]>();

/**
 * Names every rule of a policy section `<section>.<action>` (the names routes declare), so that a check made
 * through `requireAbility` can be recorded against the request that made it.
 * @example export const ledgerPolicy = { plan: definePolicy('plan', { read: (a) => a.kind !== 'public' }) };
 */
export function definePolicy<S extends Record<string, AnyRule>>(section: string, rules: S): S {
  for (const [action, rule] of Object.entries(rules)) {
    ruleNames.set(rule, `${section}.${action}`);
    allRuleNames.add(`${section}.${action}`);
  }
  return rules;
}

/** Every rule name given to `definePolicy` so far, e.g. `plan.create`: a route's declared permission must be one. */
export function policyRuleNames(): ReadonlySet<string> {
  return allRuleNames;
}

/**
 * Starts recording, for this actor object (one per request), which named rules `requireAbility` checks; returns
 * the list, which grows as the request is served. The permission matrix test reads it.
 */
export function recordChecks(actor: PolicyActor): string[] {
  const log: string[] = [];
  checkLogs.set(actor, log);
  return log;
}

type Section<A extends PolicyActor, R> = Record<string, Rule<A, R>>;

/**
 * Lists the actions of a policy section that hold for this actor and record.
 * @example abilitiesOf(orgPolicy.unit, actor, unit) // ['read', 'update']
 */
export function abilitiesOf<A extends PolicyActor, R, S extends Section<A, R>>(section: S, actor: A, record: R): (keyof S & string)[] {
  return Object.entries(section)
    .filter(([, rule]) => rule(actor, record))
    .map(([name]) => name);
}

/**
 * The action names of a policy section, typed as their union; a response schema lists them as the `abilities` a
 * record may carry.
 * @example actionNames(orgPolicy.unit) // ['read', 'create', 'update', 'addAlias', 'delete']
 */
export function actionNames<S extends Record<string, AnyRule>>(section: S): (keyof S & string)[] {
  return Object.keys(section);
}

/**
 * The policies of every module, by module: each module's policy file adds its own (declaration merging), so that
 * `RuleName` is the union of every rule name and a route's declared permission is checked by tsc.
 * @example declare module '../../lib/abilities.ts' { interface Policies { ledger: typeof ledgerPolicy } }
 */
export interface Policies {}

/** The rule names of one policy object, `<section>.<action>`: `{ plan: { read, create } }` gives 'plan.read' | 'plan.create'. */
export type RuleNamesOf<P> = { [K in keyof P & string]: `${K}.${keyof P[K] & string}` }[keyof P & string];

/** Every rule name of every module's policy, e.g. 'plan.create' | 'unit.update' | …. */
export type RuleName = { [M in keyof Policies]: RuleNamesOf<Policies[M]> }[keyof Policies];

/** Throws ForbiddenError unless the rule holds; `what` names the action in the message. The check is recorded. */
export function requireAbility<A extends PolicyActor, R>(rule: Rule<A, R>, actor: A, record: R, what: string): void {
  const name = ruleNames.get(rule as AnyRule);
  if (name) checkLogs.get(actor)?.push(name);
  if (!rule(actor, record)) throw new ForbiddenError(what, actor.kind !== 'public');
}

/**
 * Like `requireAbility` for reading: a signed-in actor the rule refuses is told the record does not exist (`hidden`,
 * usually a NotFoundError), so a record's existence does not leak; the public is asked to sign in.
 */
export function requireVisible<A extends PolicyActor, R>(rule: Rule<A, R>, actor: A, record: R, what: string, hidden: () => Error): void {
  const name = ruleNames.get(rule as AnyRule);
  if (name) checkLogs.get(actor)?.push(name);
  if (rule(actor, record)) return;
  if (actor.kind === 'public') throw new ForbiddenError(what, false);
  throw hidden();
}
