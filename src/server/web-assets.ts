import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** A file Vite names by its content (`assets/index-B3xk9_Qa.js`): it never changes under that name. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.[a-z0-9]+$/i;

/** The Cache-Control a web UI file is sent with: a year and immutable for hashed assets, revalidated for the rest. */
export function webCacheControl(file: string): string {
  return HASHED_ASSET.test(file.replace(/\.(br|gz)$/, '')) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the built web UI from `root`: the `.br`/`.gz` file written beside each asset at build time
 * (src/lib/precompress.ts) to a browser that accepts it, hashed assets cached for a year, index.html revalidated
 * on every visit so a new build is picked up at once.
 */
export async function registerWebAssets(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      reply.header('cache-control', webCacheControl(file));
    },
  });
}
