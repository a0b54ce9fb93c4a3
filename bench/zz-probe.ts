import { Client, REPO, scratchDatabase, startServer } from './reliability.lib.ts';
const s = await scratchDatabase('pglite');
const t0 = performance.now();
const server = await startServer(process.env.ROOT ?? REPO, { ...s.env, ...(process.env.CAP ? { LUOSHI_MAX_IN_FLIGHT: process.env.CAP } : {}) });
console.log('started', Math.round(performance.now() - t0));
const c = await Client.signIn(server.url, 'leader');
for (const url of ['/api/units', '/api/plans', '/api/units', '/api/plans']) {
  const r = await c.send('GET', url); console.log(url, r.status, Math.round(r.ms), JSON.stringify(r.body).length);
}
const burst = Array.from({ length: Number(process.env.N ?? 250) }, (_, i) => c.send('GET', i % 2 ? '/api/units' : '/api/plans'));
await new Promise((r) => setTimeout(r, 200));
const h = await c.send('GET', '/api/health'); console.log('health during burst', Math.round(h.ms));
const rs = await Promise.all(burst);
const by: Record<number, number> = {}; for (const r of rs) by[r.status] = (by[r.status] ?? 0) + 1;
console.log(by, 'max', Math.round(Math.max(...rs.map((r) => r.ms))));
await server.stop(); await s.drop();
