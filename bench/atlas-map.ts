/**
 * The chain map page in headless Chromium: `npx tsx bench/atlas-map.ts [--segments 480] [--enterprises 20000]
 * [--runs 7] [--postgres URL] [--data DIR] [--database URL --chain ID] [--trace] [--write]`.
 *
 * Builds the UI (`node bin/build.js`, as `npm start` does), makes a data folder (or, with `--postgres`, a scratch
 * database on that server) through the command line a user has — the demo region, a generated chain of SEGMENTS
 * segments (three stages, groups, leaves, supply edges between the stages), N made-up enterprises linked to the
 * chains — and starts the real server (`luoshi serve --demo`, production build). Then, RUNS times, a fresh browser
 * context (an empty cache) signs in as `fgw` and opens the chain's map; timed from the navigation to the map being
 * interactive: the G6 graph drawn (the container's data-nodes) and a click on a segment in the canvas answered by the
 * segment panel showing that segment's name. Prints the median and the slowest run, and the first drawing alone.
 * `--database URL --chain ID`: no set-up; the server runs on that PostgreSQL database as it is (e.g. a copy of the
 * million-enterprise database, `createdb -T atlas1m_base NAME`) and the map of chain ID is opened.
 * `--network RTT_MS,MBIT`: the map is opened over a network of that round trip and bandwidth (Chromium's own
 * throttling, both ways), as a user away from the server would open it, instead of over the loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { machineLine, median, scratchPostgres, writeSection } from './lib.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const SEGMENTS = Number(opt('--segments', '480'));
const ENTERPRISES = Number(opt('--enterprises', '20000'));
const RUNS = Number(opt('--runs', '7'));
const network = args.includes('--network') ? opt('--network', '40,20').split(',').map(Number) as [number, number] : null;
const existing = args.includes('--database') ? { url: opt('--database', ''), chainId: opt('--chain', '') } : null;
const pgUrl = existing?.url ?? (args.includes('--postgres') ? opt('--postgres', '') : undefined);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Demo@2026luoshi';

/** A chain of about `n` segments: per stage, groups of leaves under stage roots, and supply edges stage to stage. */
function chainFile(n: number) {
  const stages = ['upstream', 'midstream', 'downstream'] as const;
  const groups = 8;
  const leaves = Math.max(1, Math.floor((n / 3 - 1 - groups) / groups));
  const segments: Record<string, unknown>[] = [];
  const leafKeys: string[][] = [[], [], []];
  stages.forEach((stage, a) => {
    segments.push({ id: `m.s${a}`, name: `示例图谱阶段${a}`, stage });
    for (let b = 0; b < groups; b++) {
      segments.push({ id: `m.s${a}.g${b}`, name: `示例图谱环节${a}-${b}`, parent: `m.s${a}` });
      for (let c = 0; c < leaves; c++) {
        segments.push({ id: `m.s${a}.g${b}.l${c}`, name: `示例图谱细分${a}-${b}-${c}`, parent: `m.s${a}.g${b}` });
        leafKeys[a]!.push(`m.s${a}.g${b}.l${c}`);
      }
    }
  });
  const edges = new Map<string, { from: string; to: string }>();
  for (let a = 0; a < 2; a++)
    leafKeys[a]!.forEach((from, i) => {
      for (const k of [i, i * 7 + 3]) {
        const to = leafKeys[a + 1]![k % leafKeys[a + 1]!.length]!;
        edges.set(`${from}>${to}`, { from, to });
      }
    });
  return { format: 'luoshi-atlas-chain', formatVersion: 1, chain: { id: 'map-bench-chain', name: '示例图谱基准链', version: '1' }, segments, edges: [...edges.values()] };
}

function cli(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/luoshi.js'), ...argv], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`luoshi ${argv.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/localhost:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'bin/build.js')], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('node bin/build.js failed');
  // --data DIR: a data folder kept between runs (set up on the first), for trying changes to the UI quickly.
  const keptDir = args.includes('--data') ? path.resolve(opt('--data', '')) : null;
  const fresh = !keptDir || !fs.existsSync(keptDir);
  const dir = keptDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atlasmap-bench-'));
  const scratch = pgUrl && !existing ? await scratchPostgres(pgUrl, `luoshi_bench_atlasmap_${process.pid}`) : null;
  const env = { ...process.env, NODE_ENV: 'production', LUOSHI_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: existing?.url ?? scratch?.url ?? '', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  let server: ChildProcess | null = null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'chain.json');
    const chain = chainFile(SEGMENTS);
    let t = performance.now();
    if (fresh && !existing) {
      fs.writeFileSync(file, JSON.stringify(chain));
      cli(env, 'seed', '--demo');
      cli(env, 'atlas', 'chain', 'import', file, '--region', '000000');
      if (ENTERPRISES > 0) cli(env, 'seed', '--enterprises', String(ENTERPRISES));
    }
    const setupS = (performance.now() - t) / 1000;

    server = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.js'), 'serve', '--demo', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const baseURL = await waitForUrl(server);
    const first: number[] = [];
    const interactive: number[] = [];
    let chainId = existing?.chainId ?? '';
    // Segment names by key (a click is answered by the panel showing the name): the generated chain's, or the server's.
    const names = new Map(chain.segments.map((s) => [String(s.id), String(s.name)]));
    for (let run = 0; run < RUNS + 1; run++) {
      const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      await page.goto('/login');
      await page.locator('#username').fill('fgw');
      await page.locator('#password').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.getByTestId('user-menu').waitFor();
      if (existing && run === 0) {
        const detail = (await (await page.request.get(`/api/atlas/chains/${chainId}`)).json()) as { segments: { key: string; name: string }[] };
        for (const s of detail.segments) names.set(s.key, s.name);
      }
      if (!chainId) {
        const list = (await (await page.request.get('/api/atlas/chains')).json()) as { items?: { id: string; name: string }[] } | { id: string; name: string }[];
        const items = Array.isArray(list) ? list : (list.items ?? []);
        chainId = items.find((c) => c.name === chain.chain.name)!.id;
      }
      const trace: string[] = [];
      if (args.includes('--trace')) {
        page.on('requestfinished', (r) => {
          const at = performance.now() - t;
          const tm = r.timing();
          trace.push(`${at.toFixed(0).padStart(6)} ms  ${(tm.responseEnd - tm.requestStart).toFixed(0).padStart(5)} ms  ${r.url().replace(baseURL, '')}`);
        });
      }
      if (network) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        const bytes = (network[1] * 1e6) / 8;
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: network[0], downloadThroughput: bytes, uploadThroughput: bytes });
      }
      t = performance.now();
      await page.goto(`/atlas/chains/${chainId}`, { waitUntil: 'commit' });
      const graph = page.getByTestId('chain-graph');
      await graph.and(page.locator('[data-nodes][data-probe]')).waitFor({ state: 'attached' });
      const drawn = performance.now() - t;
      // The probe: a drawn segment's name and its place in the page's viewport.
      const [key, x, y] = JSON.parse((await graph.getAttribute('data-probe'))!) as [string, number, number];
      const name = names.get(key) ?? key;
      const box = (await graph.boundingBox())!;
      await page.mouse.click(box.x + x, box.y + y);
      await page.getByTestId('segment-panel').locator('.ant-card-head-title', { hasText: name }).waitFor();
      const ready = performance.now() - t;
      if (trace.length) console.log(`run ${run}: drawn ${drawn.toFixed(0)} ms, interactive ${ready.toFixed(0)} ms\n${trace.join('\n')}`);
      // The first run fills the server's caches (and the database's): measured, not counted.
      if (run > 0) {
        first.push(drawn);
        interactive.push(ready);
      }
      await context.close();
    }
    const load = os.loadavg().map((x) => x.toFixed(1)).join(', ');
    const f = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, slowest ${Math.max(...xs).toFixed(0)} ms`;
    const lines = [
      existing
        ? `PostgreSQL, an existing database (${existing.url.replace(/^.*\//, '')}), chain ${existing.chainId}; ${RUNS} runs after one warm-up, each a fresh browser context signed in as fgw, 1440×900:`
        : `${pgUrl ? 'PostgreSQL' : 'PGlite'}, a chain of ${chain.segments.length} segments and ${chain.edges.length} supply edges, the demo region and ${ENTERPRISES.toLocaleString('en')} made-up enterprises linked to the chains (set up through the CLI in ${setupS.toFixed(0)} s); ${RUNS} runs after one warm-up, each a fresh browser context signed in as fgw, 1440×900:`,
      ...(network ? [`- over a network of ${network[0]} ms round trip and ${network[1]} Mbit/s (Chromium's throttling), not the loopback`] : []),
      `- navigation to the graph drawn: ${f(first)}`,
      `- navigation to interactive (drawn, and a click on a segment answered by its panel): ${f(interactive)} (goal < 2 s)`,
      `- load average ${load}`,
    ];
    console.log(lines.join('\n'));
    if (args.includes('--write')) writeSection(`atlas-map-${pgUrl ? 'postgresql' : 'pglite'}`, `### Chain map page — ${pgUrl ? 'PostgreSQL' : 'PGlite'}\n\n${machineLine()}\n\n${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    if (server) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (!keptDir) fs.rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

await main();
