import { definePolicy } from '../../lib/abilities.ts';
import { isAdministrator, isSupervising, type Actor } from '../org/index.ts';

/** A unit as the reminder rules see it. */
export interface ChannelUnitRef {
  id: string;
}

/**
 * Access rules of reminders (催办), one line each. A unit's channels are set by administrators and the unit's own
 * editors, and read by them and the supervision office; reminders are sent by hand, planned, and their deliveries
 * listed by the supervision office (supervisors, administrators, the system's job). A unit's notifications are read
 * by whoever is on its side (checked by the service from the actor's units).
 */
export const reminderPolicy = {
  reminder: definePolicy('reminder', {
    readChannels: (a: Actor, u: ChannelUnitRef) => isSupervising(a) || a.editableUnitIds.has(u.id),
    setChannels: (a: Actor, u: ChannelUnitRef) => isAdministrator(a) || a.editableUnitIds.has(u.id),
    send: (a: Actor) => isSupervising(a),
    run: (a: Actor) => isSupervising(a),
    deliveries: (a: Actor) => isSupervising(a),
    setRule: (a: Actor) => isSupervising(a),
  }),
};

declare module '../../lib/abilities.ts' {
  interface Policies {
    reminders: typeof reminderPolicy;
  }
}
