import type { Actor } from '../modules/org/org.policy.ts';

/** The thrown error when an actor may not do something; mapped to HTTP 403 (or 401 for the public). */
export class ForbiddenError extends Error {
  constructor(
    readonly action: string,
    readonly signedIn: boolean,
  ) {
    super(signedIn ? `Not allowed: ${action}` : `Sign in first: ${action}`);
    this.name = 'ForbiddenError';
  }
}

type Rule<R> = (actor: Actor, record: R) => boolean;

/**
 * Lists the actions of a policy section that hold for this actor and record.
 * @example abilitiesOf(orgPolicy.unit, actor, unit) // ['read', 'update']
 */
export function abilitiesOf<R>(section: Record<string, Rule<R>>, actor: Actor, record: R): string[] {
  return Object.entries(section)
    .filter(([, rule]) => rule(actor, record))
    .map(([name]) => name);
}

/** Throws ForbiddenError unless the rule holds; `what` names the action in the message. */
export function requireAbility<R>(rule: Rule<R>, actor: Actor, record: R, what: string): void {
  if (!rule(actor, record)) throw new ForbiddenError(what, actor.kind !== 'public');
}
