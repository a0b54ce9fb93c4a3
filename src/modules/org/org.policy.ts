import { definePolicy } from '../../lib/abilities.ts';
import type { Role } from './org.tables.ts';

/** Who is acting: a signed-in user, the anonymous public, or the system itself (migrations, seeding). */
export interface Actor {
  kind: 'user' | 'public' | 'system';
  userId: string | null;
  name: string;
  via: 'api' | 'cli' | 'job' | 'system';
  roles: { role: Role; unitId: string | null }[];
  personId: string | null;
  unitId: string | null;
  /** Units (with their sub-units) this actor may edit as unit editor. */
  editableUnitIds: ReadonlySet<string>;
  /** Units (with their sub-units) this actor may see as unit viewer or editor. */
  viewableUnitIds: ReadonlySet<string>;
  /** Units (with their sub-units) in a leader's portfolio. */
  portfolioUnitIds: ReadonlySet<string>;
  requestId?: string;
}

const EMPTY: ReadonlySet<string> = new Set();

/** The anonymous public. */
export const PUBLIC_ACTOR: Actor = {
  kind: 'public',
  userId: null,
  name: 'public',
  via: 'api',
  roles: [],
  personId: null,
  unitId: null,
  editableUnitIds: EMPTY,
  viewableUnitIds: EMPTY,
  portfolioUnitIds: EMPTY,
};

/** Builds the system actor used by seeding, migrations and the CLI when no user is named. */
export function systemActor(via: Actor['via'] = 'system', name = 'system'): Actor {
  return { ...PUBLIC_ACTOR, kind: 'system', name, via };
}

/** Whether the actor holds a role (anywhere). */
export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.some((r) => r.role === role);
}

const isSystem = (a: Actor) => a.kind === 'system';
const isAdmin = (a: Actor) => isSystem(a) || hasRole(a, 'admin');
const isSignedIn = (a: Actor) => a.kind !== 'public';
const isSupervisor = (a: Actor) => isAdmin(a) || hasRole(a, 'supervisor');

/** A unit as the policy needs to see it. */
export interface UnitRef {
  id: string;
}
/** A person as the policy needs to see it. */
export interface PersonRef {
  id: string;
  unitId: string | null;
}
/** A user account as the policy needs to see it. */
export interface UserRef {
  id: string;
}

/**
 * Every access rule of the org module, one line each. Services call these through `requireAbility`;
 * records carry the list of abilities that hold, which the UI reads instead of repeating the rule.
 */
export const orgPolicy = {
  region: definePolicy('region', {
    read: () => true,
  }),
  unit: definePolicy('unit', {
    read: (a: Actor) => isSignedIn(a),
    create: (a: Actor) => isAdmin(a),
    update: (a: Actor, u: UnitRef) => isAdmin(a) || a.editableUnitIds.has(u.id),
    /** Teaching the directory another name for a unit changes the unit: whoever may update it, no one else. */
    addAlias: (a: Actor, u: UnitRef) => isAdmin(a) || a.editableUnitIds.has(u.id),
    delete: (a: Actor) => isAdmin(a),
  }),
  person: definePolicy('person', {
    read: (a: Actor) => isSignedIn(a),
    /** Phone and e-mail: supervisors, administrators, the person, and accounts of the person's own unit. */
    readContacts: (a: Actor, p: PersonRef) =>
      isSupervisor(a) || (a.personId !== null && a.personId === p.id) || (p.unitId !== null && (a.unitId === p.unitId || a.viewableUnitIds.has(p.unitId))),
    create: (a: Actor, p: PersonRef) => isAdmin(a) || (p.unitId !== null && a.editableUnitIds.has(p.unitId)),
    update: (a: Actor, p: PersonRef) => isAdmin(a) || (p.unitId !== null && a.editableUnitIds.has(p.unitId)),
    delete: (a: Actor) => isAdmin(a),
  }),
  user: definePolicy('user', {
    read: (a: Actor, u: UserRef) => isAdmin(a) || a.userId === u.id,
    list: (a: Actor) => isAdmin(a),
    create: (a: Actor) => isAdmin(a),
    update: (a: Actor) => isAdmin(a),
    setRoles: (a: Actor) => isAdmin(a),
    resetPassword: (a: Actor) => isAdmin(a),
    changeOwnPassword: (a: Actor, u: UserRef) => a.userId === u.id,
  }),
  audit: definePolicy('audit', {
    read: (a: Actor) => isSupervisor(a),
  }),
} as const;

/** Whether the actor may see data of a unit (viewer, editor, leader of its portfolio, supervisor or admin). */
export function canSeeUnitData(a: Actor, unitId: string): boolean {
  return isSupervisor(a) || a.viewableUnitIds.has(unitId) || a.portfolioUnitIds.has(unitId);
}

/** Whether the actor may change data owned by a unit. */
export function canEditUnitData(a: Actor, unitId: string): boolean {
  return isAdmin(a) || a.editableUnitIds.has(unitId);
}

/** Whether the actor supervises (督查) everything: supervisors and administrators. */
export function isSupervising(a: Actor): boolean {
  return isSupervisor(a);
}

/** Whether the actor administers the system. */
export function isAdministrator(a: Actor): boolean {
  return isAdmin(a);
}

declare module '../../lib/abilities.ts' {
  interface Policies {
    org: typeof orgPolicy;
  }
}
