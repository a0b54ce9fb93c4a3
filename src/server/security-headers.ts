import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * The Content-Security-Policy of every response: the web UI, the API and the /api/docs page alike. Scripts only from
 * the server's own files (Vite's build and swagger-ui's page have no inline script); styles may be inline because
 * antd's CSS-in-JS writes <style> elements at run time; `data:` images for the inline favicon; no framing at all.
 */
export function contentSecurityPolicy(secure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Only behind HTTPS: on a plain-HTTP intranet address it would send every asset request to a port that is not there.
    ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Registers the usual security headers through @fastify/helmet on every route: the CSP above, nosniff, a same-origin
 * Referrer-Policy, X-Frame-Options DENY, and HSTS only when the product is served over HTTPS
 * (LUOSHI_SECURE_COOKIES=true), since HSTS on plain HTTP would lock browsers out of the site.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { secure: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(opts.secure) },
    strictTransportSecurity: opts.secure ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
    // Cross-origin isolation would stop nothing here and would block the docs page's validator badge and any embed.
    crossOriginEmbedderPolicy: false,
  });
}
