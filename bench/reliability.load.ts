// 50 writers + 200 readers against `luoshi serve` on PGlite and on PostgreSQL, then a count of lost updates and
// duplicates. Writers patch a few shared units with optimistic versions (two accepted patches of the same version
// are a lost update) and race to create units from a small pool of names (two accepted creates of one name are a
// duplicate). A client told 503 waits its Retry-After before its next request. Run: `npm run bench -- reliability.load`. Environment:
//   RELIABILITY_SECONDS   how long the load runs per database (default 120)
//   RELIABILITY_DBS       pglite,postgres (default both)
//   RELIABILITY_ROOT      the checkout whose server is started (default this one; point it at an older checkout to
//                         measure "before")
//   RELIABILITY_LABEL     names the RELIABILITY.md section (default "current")
import crypto from 'node:crypto';
import { Client, REPO, machineLine, ms, percentile, scratchDatabase, startServer, writeSection, type Outcome } from './reliability.lib.ts';

const SECONDS = Number(process.env.RELIABILITY_SECONDS ?? 120);
const WRITERS = Number(process.env.RELIABILITY_WRITERS ?? 50);
const READERS = Number(process.env.RELIABILITY_READERS ?? 200);
const DBS = (process.env.RELIABILITY_DBS ?? 'pglite,postgres').split(',').filter(Boolean) as ('pglite' | 'postgres')[];
const ROOT = process.env.RELIABILITY_ROOT ?? REPO;
const LABEL = process.env.RELIABILITY_LABEL ?? 'current';
const SHARED_UNITS = 10;
const NAME_POOL = 20;

interface Result {
  kind: string;
  requests: number;
  byStatus: Record<string, number>;
  latencies: number[];
  shed: number;
  shedWithRetryAfter: number;
  healthMax: number;
  healthOver1s: number;
  healthChecks: number;
  healthFailures: number;
  lostUpdates: number;
  versionMismatches: number;
  duplicates: number;
  acceptedPatches: number;
  conflicts: number;
}

/** Waits out 503s (honouring Retry-After) for the setup and final checks, which must get through. */
async function must(client: Client, method: string, url: string, body?: unknown): Promise<Outcome> {
  for (let i = 0; ; i++) {
    const r = await client.send(method, url, body);
    if (r.status !== 503 && r.status !== 0) return r;
    if (i > 60) throw new Error(`${method} ${url}: still ${r.status} after 60 tries`);
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(r.retryAfter ?? 1)));
  }
}

async function run(kind: 'pglite' | 'postgres'): Promise<Result> {
  const scratch = await scratchDatabase(kind);
  const server = await startServer(ROOT, scratch.env);
  try {
    const admin = await Client.signIn(server.url, 'admin');
    const reader = await Client.signIn(server.url, 'leader');
    const { units } = (await must(admin, 'GET', '/api/units')).body as { units: { id: string; region_code: string; kind: string }[] };
    const { region_code: regionCode, kind: unitKind } = units[0];
    const tag = crypto.randomBytes(3).toString('hex');
    const shared: { id: string; version: number }[] = [];
    for (let i = 0; i < SHARED_UNITS; i++) {
      const r = await must(admin, 'POST', '/api/units', { regionCode, parentId: null, name: `压测单位${tag}-${i}`, kind: unitKind });
      if (r.status !== 201) throw new Error(`create shared unit: ${r.status} ${JSON.stringify(r.body)}`);
      shared.push(r.body as { id: string; version: number });
    }
    const ids = shared.map((u) => u.id);
    const startVersion = new Map(shared.map((u) => [u.id, u.version]));

    const outcomes: Outcome[] = [];
    const accepted = new Map<string, number>(); // `${id}@${version}` -> accepted patches
    const perUnit = new Map<string, number>();
    const created = new Map<string, number>();
    let conflicts = 0;
    const end = Date.now() + SECONDS * 1000;
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    // A well-behaved client waits as long as a 503's Retry-After says before its next request.
    const record = async (o: Outcome) => {
      outcomes.push(o);
      if (o.status === 503) await new Promise((resolve) => setTimeout(resolve, 1000 * Number(o.retryAfter ?? 1)));
      return o;
    };

    const writer = async (w: number) => {
      for (let n = 0; Date.now() < end; n++) {
        if (Math.random() < 0.8) {
          const id = pick(ids);
          const got = await record(await admin.send('GET', `/api/units/${id}`));
          if (got.status !== 200) continue;
          const version = (got.body as { version: number }).version;
          const r = await record(await admin.send('PATCH', `/api/units/${id}`, { version, shortName: `w${w}-${n}` }));
          if (r.status === 200) {
            accepted.set(`${id}@${version}`, (accepted.get(`${id}@${version}`) ?? 0) + 1);
            perUnit.set(id, (perUnit.get(id) ?? 0) + 1);
          } else if (r.status === 409) conflicts++;
        } else {
          const name = `压测重名${tag}-${Math.floor(Math.random() * NAME_POOL)}`;
          const r = await record(await admin.send('POST', '/api/units', { regionCode, parentId: null, name, kind: unitKind }));
          if (r.status === 201) created.set(name, (created.get(name) ?? 0) + 1);
          else if (r.status === 409) conflicts++;
        }
      }
    };
    const readerLoop = async () => {
      while (Date.now() < end) {
        const x = Math.random();
        const url = x < 0.4 ? '/api/units' : x < 0.8 ? `/api/units/${pick(ids)}` : '/api/plans';
        await record(await reader.send('GET', url));
      }
    };
    const health: number[] = [];
    let healthFailures = 0;
    const monitor = new Client(server.url); // a monitor sends no session cookie
    const prober = async () => {
      while (Date.now() < end) {
        const r = await monitor.send('GET', '/api/health');
        health.push(r.ms);
        if (r.status !== 200) healthFailures++;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: READERS }, readerLoop), prober()]);

    // Final state, read once the load is over.
    let versionMismatches = 0;
    for (const id of ids) {
      const u = (await must(admin, 'GET', `/api/units/${id}`)).body as { version: number };
      if (u.version !== startVersion.get(id)! + (perUnit.get(id) ?? 0)) versionMismatches++;
    }
    const { units: all } = (await must(admin, 'GET', `/api/units?q=${encodeURIComponent(`压测重名${tag}`)}`)).body as { units: { name: string }[] };
    const names = new Map<string, number>();
    for (const u of all) names.set(u.name, (names.get(u.name) ?? 0) + 1);
    const duplicates =
      [...names.values()].reduce((a, n) => a + Math.max(0, n - 1), 0) + [...created.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const byStatus: Record<string, number> = {};
    for (const o of outcomes) byStatus[o.status === 0 ? 'no answer' : String(o.status)] = (byStatus[o.status === 0 ? 'no answer' : String(o.status)] ?? 0) + 1;
    const shed = outcomes.filter((o) => o.status === 503);
    return {
      kind,
      requests: outcomes.length,
      byStatus,
      latencies: outcomes.map((o) => o.ms),
      shed: shed.length,
      shedWithRetryAfter: shed.filter((o) => o.retryAfter !== null).length,
      healthMax: Math.max(0, ...health),
      healthOver1s: health.filter((x) => x > 1000).length,
      healthChecks: health.length,
      healthFailures,
      lostUpdates: [...accepted.values()].reduce((a, n) => a + Math.max(0, n - 1), 0),
      versionMismatches,
      duplicates,
      acceptedPatches: [...perUnit.values()].reduce((a, b) => a + b, 0),
      conflicts,
    };
  } finally {
    await server.stop();
    await scratch.drop();
  }
}

const results: Result[] = [];
for (const kind of DBS) {
  console.log(`load on ${kind}: ${WRITERS} writers + ${READERS} readers for ${SECONDS} s (server from ${ROOT})`);
  const r = await run(kind);
  console.log(JSON.stringify({ ...r, latencies: undefined, p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), p99: percentile(r.latencies, 99), max: Math.max(...r.latencies) }));
  results.push(r);
}
const rows = results.map((r) =>
  [
    r.kind,
    r.requests,
    ms(percentile(r.latencies, 50)),
    ms(percentile(r.latencies, 95)),
    ms(percentile(r.latencies, 99)),
    ms(Math.max(...r.latencies)),
    `${r.shed} (${r.shedWithRetryAfter} with Retry-After)`,
    Object.entries(r.byStatus)
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(', '),
    `${ms(r.healthMax)} (${r.healthOver1s}/${r.healthChecks} over 1 s, ${r.healthFailures} not 200)`,
    `${r.acceptedPatches} / ${r.conflicts}`,
    r.lostUpdates + r.versionMismatches,
    r.duplicates,
  ].join(' | '),
);
writeSection(
  `load-${LABEL}`,
  `## Load: ${LABEL}

${machineLine()} ${WRITERS} writers + ${READERS} readers for ${SECONDS} s per database, server from \`${ROOT === REPO ? 'this checkout' : ROOT}\`.

| database | requests | p50 | p95 | p99 | max | 503s | statuses | slowest /api/health | patches accepted / 409 | lost updates | duplicates |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r} |`).join('\n')}`,
);
