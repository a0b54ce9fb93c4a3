import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { Actor } from './org.policy.ts';
import { listUsers, unitSubtreeIds } from './org.repo.ts';

/**
 * Loads the actor for a user account: roles, and the unit sets their scoped roles and leader portfolio reach
 * (each unit with its sub-units). Returns null for an unknown or inactive account.
 */
export async function loadActor(db: Db | Tx, userId: string, via: Actor['via'] = 'api', requestId?: string): Promise<Actor | null> {
  return (await loadIdentity(db, userId, via, requestId))?.actor ?? null;
}

/** Loads the actor and the account row behind it (for the session cache), or null for an unknown or inactive account. */
export async function loadIdentity(db: Db | Tx, userId: string, via: Actor['via'] = 'api', requestId?: string) {
  const [user] = await listUsers(db, { id: userId });
  if (!user || !user.active) return null;
  const scoped = (role: string) => user.roles.filter((r) => r.role === role && r.unitId).map((r) => r.unitId as string);
  const editRoots = scoped('unit_editor');
  const viewRoots = [...editRoots, ...scoped('unit_viewer')];
  let portfolioRoots: string[] = [];
  if (user.roles.some((r) => r.role === 'leader') && user.person_id) {
    portfolioRoots = (await db.selectFrom('leader_portfolios').select('unit_id').where('person_id', '=', user.person_id).execute()).map(
      (r) => r.unit_id,
    );
  }
  const [editable, viewable, portfolio] = await Promise.all([
    unitSubtreeIds(db, editRoots),
    unitSubtreeIds(db, viewRoots),
    unitSubtreeIds(db, portfolioRoots),
  ]);
  const actor: Actor = {
    kind: 'user',
    userId: user.id,
    name: `${user.display_name} (${user.username})`,
    via,
    roles: user.roles,
    personId: user.person_id,
    unitId: user.unit_id,
    editableUnitIds: new Set(editable),
    viewableUnitIds: new Set(viewable),
    portfolioUnitIds: new Set(portfolio),
    requestId,
  };
  return { actor, user };
}
