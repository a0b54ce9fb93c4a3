import { definePolicy } from '../../lib/abilities.ts';
import { hasRole, isAdministrator, isSupervising, type Actor } from '../org/index.ts';

/** An event as the policy needs to see it. */
export interface EventRef {
  organiserUnitId: string | null;
  access: 'public' | 'invitation';
  /** Whether the registration window is open now (and the event is open for registration). */
  registrationOpen: boolean;
}
/** A participant as the policy needs to see it: its event, its own account, and its id (for the bearer of its link). */
export interface ParticipantRef {
  event: EventRef;
  userId: string | null;
  id: string;
}

/**
 * Who acts through a participant's personal link (no account): the public, carrying the participant whose link's
 * token it showed. Only events.self.service.ts makes one, after checking the token; audit entries name the participant.
 */
export interface LinkBearer extends Actor {
  readonly bearerOf: string;
}
/** The participant whose personal link this actor showed, or null. */
export const bearerOf = (a: Actor): string | null => (a as Partial<LinkBearer>).bearerOf ?? null;

const signedIn = (a: Actor) => a.kind !== 'public';
/** Organisers: administrators, supervisors, and the editors of the organising unit. */
const organises = (a: Actor, e: EventRef) => isAdministrator(a) || isSupervising(a) || (e.organiserUnitId !== null && a.editableUnitIds.has(e.organiserUnitId));

/**
 * Every access rule of matchmaking events, one line each. Unit editors, supervisors and administrators create events;
 * the organising unit's editors (and supervisors, administrators) manage one; anyone registers on the public form of a
 * public event while its registration is open; a participant manages its own offers, needs and requests through its account or its personal link.
 */
export const eventsPolicy = {
  event: definePolicy('event', {
    read: (a: Actor) => signedIn(a),
    create: (a: Actor) => isAdministrator(a) || isSupervising(a) || hasRole(a, 'unit_editor'),
    manage: (a: Actor, e: EventRef) => organises(a, e),
    register: (a: Actor, e: EventRef) => organises(a, e) || (e.access === 'public' && e.registrationOpen),
  }),
  participant: definePolicy('participant', {
    act: (a: Actor, p: ParticipantRef) => organises(a, p.event) || (p.userId !== null && a.userId === p.userId) || bearerOf(a) === p.id,
  }),
} as const;

declare module '../../lib/abilities.ts' {
  interface Policies {
    events: typeof eventsPolicy;
  }
}
