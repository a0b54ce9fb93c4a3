import { definePolicy } from '../../lib/abilities.ts';
import { hasRole, isAdministrator, isSupervising, type Actor } from '../org/index.ts';

/** An event as the policy needs to see it. */
export interface EventRef {
  organiserUnitId: string | null;
  access: 'public' | 'invitation';
  /** Whether the registration window is open now (and the event is open for registration). */
  registrationOpen: boolean;
}
/** A participant as the policy needs to see it: its event and its own account. */
export interface ParticipantRef {
  event: EventRef;
  userId: string | null;
}

const signedIn = (a: Actor) => a.kind !== 'public';
/** Organisers: administrators, supervisors, and the editors of the organising unit. */
const organises = (a: Actor, e: EventRef) => isAdministrator(a) || isSupervising(a) || (e.organiserUnitId !== null && a.editableUnitIds.has(e.organiserUnitId));

/**
 * Every access rule of matchmaking events, one line each. Unit editors, supervisors and administrators create events;
 * the organising unit's editors (and supervisors, administrators) manage one; anyone registers on the public form of a
 * public event while its registration is open; a participant with an account manages its own offers, needs and requests.
 */
export const eventsPolicy = {
  event: definePolicy('event', {
    read: (a: Actor) => signedIn(a),
    create: (a: Actor) => isAdministrator(a) || isSupervising(a) || hasRole(a, 'unit_editor'),
    manage: (a: Actor, e: EventRef) => organises(a, e),
    register: (a: Actor, e: EventRef) => organises(a, e) || (e.access === 'public' && e.registrationOpen),
  }),
  participant: definePolicy('participant', {
    act: (a: Actor, p: ParticipantRef) => organises(a, p.event) || (p.userId !== null && a.userId === p.userId),
  }),
} as const;

declare module '../../lib/abilities.ts' {
  interface Policies {
    events: typeof eventsPolicy;
  }
}
