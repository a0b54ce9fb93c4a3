import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';

/** What an account that must change its password may still reach: who am I, sign out, change it, health. */
const ALLOWED = new Set(['GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/auth/login', 'GET /api/health']);

/** The refusal an account with a temporary password gets everywhere else. */
export class PasswordChangeRequiredError extends AppError {
  constructor() {
    super('password_change_required', 403, '请先修改密码 / change your password first');
  }
}

/**
 * Holds an account whose password an administrator set (must_change_password) to the allow list until it picks its
 * own: every other API route answers 403 password_change_required. Keyed on the matched route, so no spelling of
 * a path gets past it.
 */
export function registerPasswordGate(app: FastifyInstance): void {
  app.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const route = request.routeOptions.url;
    if (!request.account?.must_change_password || !route?.startsWith('/api/')) return done();
    if (ALLOWED.has(`${request.method === 'HEAD' ? 'GET' : request.method} ${route}`)) return done();
    done(new PasswordChangeRequiredError());
  });
}
