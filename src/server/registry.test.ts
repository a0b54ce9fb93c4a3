import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { projectPath } from '../lib/project-root.ts';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { DeclaredRoute } from './http.ts';
import type { Database } from './database.ts';
import type { ModuleRouteOptions } from './module.ts';
import { auditLabels, modules } from './registry.ts';
import { CITUS_TABLES } from './citus.ts';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../modules/org/org.seed.ts';

const MODULES = projectPath('src/modules');

/** The module folders whose index.ts re-exports a manifest from `./<folder>.module.ts`. */
function declaredModules(): string[] {
  return fs
    .readdirSync(MODULES)
    .filter((name) => {
      const index = path.join(MODULES, name, 'index.ts');
      return fs.existsSync(index) && fs.readFileSync(index, 'utf8').includes(`from './${name}.module.ts'`);
    })
    .sort();
}

/** Every service source under src/modules (tests left out). */
function moduleSources(): { file: string; text: string }[] {
  return fs
    .readdirSync(MODULES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      return { file: path.relative(MODULES, full), text: fs.readFileSync(full, 'utf8') };
    });
}

/** The entity and action codes written by recordAudit calls, with the file each was found in. */
function auditCodes(): { kind: 'entities' | 'actions'; code: string; file: string }[] {
  const codes: { kind: 'entities' | 'actions'; code: string; file: string }[] = [];
  for (const { file, text } of moduleSources()) {
    if (!text.includes('recordAudit(')) continue;
    for (const m of text.matchAll(/\b(entity|action): ([^,}\n]+)/g)) {
      for (const literal of m[2].matchAll(/'([a-z_]+)'/g)) codes.push({ kind: m[1] === 'entity' ? 'entities' : 'actions', code: literal[1], file });
    }
  }
  return codes;
}

describe('the module registry (src/server/registry.ts)', () => {
  it('lists every module that declares itself, each once, under its folder name', () => {
    const declared = declaredModules();
    expect(declared).toEqual(expect.arrayContaining(['org', 'ledger', 'complexity']));
    expect(modules.map((m) => m.name).sort()).toEqual(declared);
    expect(modules[0].name).toBe('org');
    // A manifest file that no index.ts re-exports would be a module the registry cannot see either.
    const manifestFiles = fs.readdirSync(MODULES).filter((name) => fs.existsSync(path.join(MODULES, name, `${name}.module.ts`)));
    expect(manifestFiles.sort()).toEqual(declared);
  });

  it('derives the Database type from every module’s tables', () => {
    expectTypeOf<Database>().not.toBeAny();
    expectTypeOf<Database>().toHaveProperty('units');
    expectTypeOf<Database>().toHaveProperty('audit_log');
    expectTypeOf<Database>().toHaveProperty('plans');
    expectTypeOf<Database>().toHaveProperty('tasks');
    expectTypeOf<Database>().toHaveProperty('complexity_analyses');
  });

  it('names, in Chinese and in English, every audit entity and action a module records', () => {
    const labels = auditLabels();
    const codes = auditCodes();
    // The scan finds the modules' own codes, so a new module's audit entries cannot slip past unnamed.
    expect(codes.map((c) => c.code)).toEqual(expect.arrayContaining(['plan', 'task', 'complexity_analysis', 'set_roles', 'new_version', 'reset_password']));
    const missing = codes.filter((c) => !labels[c.kind][c.code]).map((c) => `${c.kind} ${c.code} (${c.file})`);
    expect([...new Set(missing)]).toEqual([]);
    for (const kind of ['entities', 'actions'] as const) {
      for (const [code, label] of Object.entries(labels[kind])) {
        expect(label.zh, `${kind} ${code}`).toMatch(/\p{Script=Han}/u);
        expect(label.en, `${kind} ${code}`).toMatch(/^[A-Z][\w /-]*$/);
      }
    }
  });

  it('preloads only pages the module’s web routes have, with chunks from source files that exist', () => {
    for (const m of modules) {
      const pages = m.pagePreloads ?? [];
      if (pages.length === 0) continue;
      const ui = path.join(MODULES, m.name, 'ui');
      const routeFiles = fs.readdirSync(ui).filter((f) => f.endsWith('.routes.ts'));
      const routes = routeFiles.map((f) => fs.readFileSync(path.join(ui, f), 'utf8')).join('\n');
      for (const page of pages) {
        expect(routes, `${m.name}: ${page.path}`).toContain(`path: '${page.path}'`);
        for (const file of page.modules) expect(fs.existsSync(projectPath(file)), `${m.name}: ${file}`).toBe(true);
      }
    }
    expect(modules.flatMap((m) => m.pagePreloads ?? []).map((p) => p.path)).toContain('/atlas/chains/:id');
  });

  it('gives every module a title in both languages and describes each of its commands in both', () => {
    for (const m of modules) {
      expect(m.title.zh, m.name).toMatch(/\p{Script=Han}/u);
      expect(m.title.en, m.name).toMatch(/^[A-Z]/);
      for (const group of m.cli ?? []) for (const [spec, text] of Object.entries(group.commands)) expect(text, spec).toMatch(/\p{Script=Han}.* \/ [a-z]/u);
    }
  });
});

describe('the server built from the registry', () => {
  let h: DatabaseHandle;
  let app: FastifyInstance;
  let routes: DeclaredRoute[];

  beforeAll(async () => {
    h = await openTestDatabase('demo');
    ({ app, routes } = await buildApp(loadConfig({}), h.db, { logger: false }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('serves every route of every module', async () => {
    const served = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const options: ModuleRouteOptions = { secureCookies: false, capabilities: () => ({}), auditLabels: { entities: {}, actions: {} } };
    for (const m of modules) {
      const own: string[] = [];
      const probe = Fastify({ logger: false });
      probe.addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) own.push(`${method} ${route.url}`);
      });
      for (const register of (await m.routes?.()) ?? []) await probe.register(register, options);
      await probe.ready();
      await probe.close();
      expect(own.length, m.name).toBeGreaterThan(0);
      expect(own.filter((r) => !served.has(r)), m.name).toEqual([]);
    }
  });

  it('places every table of the migrated database on Citus exactly once, by the manifest of the module that has it', async () => {
    const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(h.db);
    const placed = [...CITUS_TABLES.reference, ...CITUS_TABLES.distributed, ...CITUS_TABLES.local];
    expect(placed.length).toBe(new Set(placed).size);
    expect(tables.rows.map((r) => r.t).sort()).toEqual([...placed].sort());
    expect(CITUS_TABLES.distributed[0]).toBe('plans');
  });

  it('answers GET /api/auth/me with every module’s `can` flags, and the audit labels to those who read the log', async () => {
    const login = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      return { luoshi_session: res.cookies.find((c) => c.name === 'luoshi_session')!.value };
    };
    const supervisor = await login('duban');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: supervisor });
    expect(me.json().can).toMatchObject({ createPlans: true, runAnalyses: true, readAudit: true });
    const labels = await app.inject({ method: 'GET', url: '/api/audit/labels', cookies: supervisor });
    expect(labels.statusCode).toBe(200);
    expect(labels.json().entities.plan).toEqual({ zh: '规划', en: 'Plan' });
    expect(labels.json().actions.complete).toEqual({ zh: '计算完成', en: 'Completed' });
    const viewer = await login('swj');
    expect((await app.inject({ method: 'GET', url: '/api/audit/labels', cookies: viewer })).statusCode).toBe(403);
  });
});
