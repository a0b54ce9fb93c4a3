import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Db } from './db.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded } from '../modules/org/org.seed.ts';
import { RoleSchema } from '../modules/org/org.schema.ts';

/** Reply of GET /api/demo-accounts: the demo accounts and their password, or none outside demo mode. */
export const DemoAccountsReply = Type.Object({
  password: Type.Union([Type.String(), Type.Null()]),
  accounts: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String(), roles: Type.Array(RoleSchema) })),
});
export type DemoAccountsReply = Static<typeof DemoAccountsReply>;

/**
 * GET /api/demo-accounts, read by the sign-in page: in demo mode (`luoshi serve --demo`) with the demo region loaded,
 * the accounts one can sign in with and their published password; otherwise an empty list, so a real deployment
 * names no account to anyone.
 */
export function registerDemoAccounts(app: FastifyInstance, db: Db, demo: boolean): void {
  app.get(
    '/api/demo-accounts',
    { config: { permission: 'public' }, schema: { tags: ['system'], response: { 200: DemoAccountsReply } } },
    async (): Promise<DemoAccountsReply> => {
      if (!demo || !(await isDemoSeeded(db))) return { password: null, accounts: [] };
      return {
        password: DEMO_PASSWORD,
        accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, displayName: a.displayName, roles: a.roles.map((r) => r.role) })),
      };
    },
  );
}
