/**
 * The permission matrix: every route of the OpenAPI document × every kind of actor × an owned and a foreign object
 * (and, for plans, one out for consultation and one issued), each status compared with test/permissions/expected.json.
 * The same matrix is replayed with percent-encoded (`/%61pi/…`) and mixed-case paths, and every write is probed with
 * the session cookie but no CSRF token. A route without a row in expected.json fails the test.
 *
 * Regenerate the table after a deliberate change with `UPDATE_PERMISSION_MATRIX=1 npx vitest run --configLoader runner
 * test/permissions/matrix.test.ts`, and read the diff: it is the change in who may do what.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../db.ts';
import type { DatabaseHandle } from '../../src/server/db.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { DeclaredRoute } from '../../src/server/http.ts';
import { DEMO_PASSWORD } from '../../src/modules/org/org.seed.ts';
import { policyRuleNames } from '../../src/lib/abilities.ts';
import { systemActor } from '../../src/modules/org/org.policy.ts';
import { createPlan } from '../../src/modules/ledger/ledger.plans.service.ts';
import { addTasks } from '../../src/modules/ledger/ledger.tasks.service.ts';
import type { ServiceContext } from '../../src/server/service-context.ts';
import { loadActor } from '../../src/modules/org/org.actor.ts';
import { forgetIdentities } from '../../src/modules/org/org.session-cache.ts';
import { createAnalysis } from '../../src/modules/complexity/complexity.service.ts';
import { importChain } from '../../src/modules/atlas/atlas.chains.service.ts';
import { multipart } from '../multipart.ts';

const EXPECTED_FILE = path.join(import.meta.dirname, 'expected.json');
const UPDATE = process.env.UPDATE_PERMISSION_MATRIX === '1';

/** Routes where a percent-encoded or mixed-case path answers differently from the plain one; none since the guards follow the matched route. */
const KNOWN_ENCODED_DIFFERENCES: string[] = [];
/** Writes that a cookie without the CSRF token gets through; none (the test fails if one appears). */
const KNOWN_CSRF_BYPASSES: string[] = [];

/** The actors, in the order of the table's columns: demo accounts (see src/modules/org/org.seed.ts). */
const ACTORS = {
  anonymous: null,
  viewer: 'swj', // unit viewer of 市商务局
  editor: 'fgw', // unit editor of 市发展改革委: the owning unit of every "owned" object
  otherEditor: 'gxj', // unit editor of 市工业和信息化局
  leader: 'leader', // 张样例, portfolio 市工信局, 市商务局 …, not 市发展改革委
  supervisor: 'duban',
  admin: 'admin',
} as const;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

/** What kind of record a route's :id names, by path. */
type Kind = 'unit' | 'person' | 'user' | 'plan' | 'task' | 'comment' | 'analysis' | 'report' | 'project' | 'activity' | 'escalation' | 'chain' | 'event' | 'zone' | 'cluster' | 'intermediary';
const KIND_BY_PREFIX: [string, Kind][] = [
  ['/api/units/:id', 'unit'],
  ['/api/people/:id', 'person'],
  ['/api/users/:id', 'user'],
  ['/api/plans/:id', 'plan'],
  ['/api/tasks/:id', 'task'],
  ['/api/comments/:id', 'comment'],
  ['/api/complexity/analyses/:id', 'analysis'],
  ['/api/atlas/complexity/analyses/:id', 'analysis'],
  ['/api/reports/:id', 'report'],
  ['/api/projects/:id', 'project'],
  ['/api/activities/:id', 'activity'],
  ['/api/escalations/:id', 'escalation'],
  ['/api/atlas/chains/:id', 'chain'],
  ['/api/atlas/zones/:id', 'zone'],
  ['/api/atlas/clusters/:id', 'cluster'],
  ['/api/atlas/intermediaries/:id', 'intermediary'],
  ['/api/events/:id', 'event'],
];
/**
 * Which objects a route is tried on: owned by 市发展改革委 (fgw's unit) or by 市教委 (nobody's among the actors); plans,
 * their tasks and comments also as 市教委's plan out for consultation and as an issued one.
 */
const VARIANTS: Record<Kind, string[]> = {
  unit: ['owned', 'foreign'],
  person: ['owned', 'foreign'],
  user: ['owned', 'foreign'],
  analysis: ['owned', 'foreign'],
  plan: ['owned', 'foreign', 'consultation', 'issued'],
  task: ['owned', 'foreign', 'consultation', 'issued'],
  comment: ['owned', 'foreign', 'consultation', 'issued'],
  report: ['owned', 'foreign'],
  project: ['owned', 'foreign'],
  // owned: recorded by fgw for 市发展改革委's task; foreign: recorded by the system for 市教委's.
  activity: ['owned', 'foreign'],
  escalation: ['owned', 'foreign'],
  chain: ['shared'],
  // Clusters and carrier zones are the atlas's, read by everyone signed in and kept by the chain office.
  zone: ['shared'],
  cluster: ['shared'],
  // Intermediaries likewise: read by everyone signed in, kept (with their members) by the atlas's keepers.
  intermediary: ['shared'],
  // owned: organised by 市发展改革委, public and open, with swj's own participant; foreign: 市教委's, by invitation.
  event: ['owned', 'foreign'],
};

interface Fixture {
  id: string;
  nodeKey?: string;
  status?: string;
  /** Further path parameters (:pid, :rid, :mid, :oid) and values a body needs. */
  more?: Record<string, string>;
}
interface Probe {
  method: string;
  route: string;
  variant: string;
  permission: string | undefined;
}
type Body = { payload?: unknown; headers?: Record<string, string>; query?: string };

let h: DatabaseHandle;
let app: FastifyInstance;
let routes: DeclaredRoute[];
let system: ServiceContext;
const sessions = new Map<ActorName, { cookie: string; csrf: string }>();
const unitIds = new Map<string, string>();
const userIds = new Map<string, string>();
let passwordHash: string;
/** A demo task with a red warning and no open escalation notice (bulk issuing from the rules takes it). */
let redTaskId: string;
/** A demo chain and carrier zone that new clusters name. */
let demoChainId: string;
let demoZoneId: string;
/** A demo intermediary whose members an event's organiser invites. */
let demoIntermediaryId: string;
let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

const SECOND_UNIT_KEY = 'edu';
const UNIT_BY_VARIANT: Record<string, string> = { owned: 'ndrc', foreign: SECOND_UNIT_KEY, consultation: SECOND_UNIT_KEY, issued: SECOND_UNIT_KEY };
const STATUS_BY_VARIANT: Record<string, 'draft' | 'consultation' | 'issued'> = { owned: 'draft', foreign: 'draft', consultation: 'consultation', issued: 'issued' };
const UNMATCHED = '矩阵测试新设机构';
const COMPLEXITY_CSV = ['loc,prod,val', ...['A', 'B', 'C', 'D'].flatMap((l, i) => ['p', 'q', 'r', 's'].map((p, j) => `${l},${p},${((i + 1) * (j + 2)) % 7 + (i === j ? 20 : 1)}`))].join('\n');


/** Makes a fresh record of a kind for a variant: straight into the database (or through a service as the system). */
async function make(kind: Kind, variant: string, forReading: boolean): Promise<Fixture> {
  const unitId = unitIds.get(UNIT_BY_VARIANT[variant])!;
  if (kind === 'unit') {
    const row = await h.db.insertInto('units').values({ region_code: '120000', parent_id: unitId, name: unique('矩阵测试处'), kind: 'office' }).returning('id').executeTakeFirstOrThrow();
    // Made behind the app's back: sessions cached before it would not yet reach it as a sub-unit of their unit.
    forgetIdentities();
    return { id: row.id };
  }
  if (kind === 'person') {
    const row = await h.db.insertInto('people').values({ region_code: '120000', name: unique('测试'), title: '联络员', unit_id: unitId, phone: '022-0000-9999', email: 'x@example.org' }).returning('id').executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'user') {
    const row = await h.db.insertInto('users').values({ username: unique('matrix'), display_name: '矩阵测试', password_hash: passwordHash, unit_id: unitId }).returning('id').executeTakeFirstOrThrow();
    await h.db.insertInto('user_roles').values({ user_id: row.id, role: 'unit_viewer', unit_id: unitId }).execute();
    return { id: row.id };
  }
  if (kind === 'analysis') {
    const createdBy = userIds.get(variant === 'owned' ? 'fgw' : 'admin')!;
    if (forReading) {
      const ctx = { db: h.db, actor: (await loadActor(h.db, createdBy))! };
      const analysis = await createAnalysis(ctx, { bytes: Buffer.from(COMPLEXITY_CSV), fileName: 'matrix.csv', options: { columns: { loc: 'loc', prod: 'prod', val: 'val' } } }, { waitMs: 30_000 });
      expect(analysis.status).toBe('done');
      return { id: analysis.id };
    }
    // A record to delete need not have been computed.
    const row = await h.db
      .insertInto('complexity_analyses')
      .values({ name: unique('matrix'), source_name: 'matrix.csv', options: JSON.stringify({ columns: { loc: 'loc', prod: 'prod', val: 'val' } }), status: 'failed', error: 'matrix', created_by: createdBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'zone') {
    const row = await h.db.insertInto('atlas_zones').values({ region_code: '120116', name: unique('矩阵载体'), kind: 'park', district_codes: [], focus: '[]' }).returning('id').executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'cluster') {
    const row = await h.db
      .insertInto('atlas_clusters')
      .values({ region_code: '120000', name: unique('矩阵集群'), level: 'provincial', chain_ids: [demoChainId], zone_ids: [demoZoneId], leading_enterprises: '[]', targets: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'intermediary') {
    // A member-to-be: a demo enterprise (a member must be in the directory).
    const uscc = (await h.db.selectFrom('atlas_enterprises').select('uscc').where('region_code', '=', '120116').where('uscc', 'is not', null).orderBy('uscc').executeTakeFirstOrThrow()).uscc!;
    const row = await h.db
      .insertInto('atlas_intermediaries')
      .values({ region_code: '120000', name: unique('矩阵联盟'), kind: 'alliance', chain_ids: [demoChainId], cluster_ids: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, more: { uscc } };
  }
  if (kind === 'chain') {
    // A shared chain definition (region 000000), imported by the system: chains are read by everyone signed in.
    const file = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/atlas/integrated-circuit.chain.json'), 'utf8')) as { chain: { id: string } };
    file.chain.id = unique('matrix-chain-');
    return { id: (await importChain(system, file, { regionCode: '000000' })).chain.id };
  }
  if (kind === 'report') {
    // A report on an issued plan's task led by the variant's unit: 市发展改革委's draft, or 市教委's submitted report.
    const plan = await createPlan(system, { title: unique('矩阵报告方案'), planType: 'work_plan', regionCode: '120000', ownerUnitId: unitId });
    const [taskId] = await addTasks(system, plan.id, [{ title: '报告任务', leadUnit: { id: unitId, rawName: '牵头' } }]);
    await h.db.updateTable('plans').set({ status: 'issued' }).where('id', '=', plan.id).execute();
    const row = await h.db
      .insertInto('task_reports')
      .values({ region_code: '120000', plan_id: plan.id, task_id: taskId, unit_id: unitId, role: 'lead', period: '2026-01', period_end: '2026-01-31', status: variant === 'owned' ? 'draft' : 'submitted', done_text: '矩阵进展', percent: 10, indicator_values: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'project') {
    // A project on an issued plan's task led by the variant's unit (市发展改革委's, or 市教委's).
    const plan = await createPlan(system, { title: unique('矩阵项目方案'), planType: 'work_plan', regionCode: '120000', ownerUnitId: unitId });
    const [taskId] = await addTasks(system, plan.id, [{ title: '项目任务', leadUnit: { id: unitId, rawName: '牵头' } }]);
    await h.db.updateTable('plans').set({ status: 'issued' }).where('id', '=', plan.id).execute();
    const row = await h.db
      .insertInto('task_projects')
      .values({ region_code: '120000', plan_id: plan.id, task_id: taskId, kind: 'investment', name: unique('矩阵项目'), amount: 100, signed_on: '2026-01-05' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'activity') {
    // An activity (协调会) on an issued plan's task led by the variant's unit, recorded by fgw (owned) or nobody (foreign).
    const plan = await createPlan(system, { title: unique('矩阵活动方案'), planType: 'work_plan', regionCode: '120000', ownerUnitId: unitId });
    const [taskId] = await addTasks(system, plan.id, [{ title: '活动任务', leadUnit: { id: unitId, rawName: '牵头' } }]);
    await h.db.updateTable('plans').set({ status: 'issued' }).where('id', '=', plan.id).execute();
    const row = await h.db
      .insertInto('task_activities')
      .values({ region_code: '120000', task_id: taskId, unit_id: unitId, kind: 'meeting', title: unique('矩阵协调会'), held_on: '2026-01-05', created_by: variant === 'owned' ? userIds.get('fgw')! : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }
  if (kind === 'event') {
    const events = await import('../../src/modules/events/events.service.ts');
    const ev = await events.createEvent(system, {
      regionCode: '120000',
      name: unique('矩阵对接会'),
      startsOn: '2030-01-01',
      access: variant === 'owned' ? 'public' : 'invitation',
      slots: { date: '2030-01-01', start: '09:00', count: 2, minutes: 20 },
      tables: 2,
    });
    const id = ev.event.id;
    await h.db.updateTable('events').set({ organiser_unit_id: unitId, status: 'open' }).where('region_code', '=', '120000').where('id', '=', id).execute();
    const a = await events.registerParticipant(system, id, { kind: 'association', name: '矩阵甲', userId: variant === 'owned' ? userIds.get('swj')! : null });
    const b = await events.registerParticipant(system, id, { kind: 'association', name: '矩阵乙' });
    const c = await events.registerParticipant(system, id, { kind: 'association', name: '矩阵丙' });
    const offer = await events.addOffer(system, id, a.id, { kind: 'offer', title: '矩阵供给' });
    const request = await events.requestMeeting(system, id, a.id, { to: b.id });
    const meeting = await events.addMeeting(system, id, { a: a.id, b: c.id, slotId: ev.slots[0].id, tableId: ev.tables[0].id });
    return { id, more: { pid: a.id, oid: offer.id, rid: request.id, mid: meeting.id, b: b.id, c: c.id, code: a.code, token: b.link_token! } };
  }
  if (kind === 'escalation') {
    // A notice on an issued plan's task led by the variant's unit: 市发展改革委's waiting for its answer, 市教委's answered.
    const plan = await createPlan(system, { title: unique('矩阵督办方案'), planType: 'work_plan', regionCode: '120000', ownerUnitId: unitId });
    const [taskId] = await addTasks(system, plan.id, [{ title: '督办任务', leadUnit: { id: unitId, rawName: '牵头' } }]);
    await h.db.updateTable('plans').set({ status: 'issued' }).where('id', '=', plan.id).execute();
    const row = await h.db
      .insertInto('escalations')
      .values({
        region_code: '120000',
        plan_id: plan.id,
        task_id: taskId,
        year: 2026,
        number: 5000 + ++counter,
        unit_id: unitId,
        unit_name: '矩阵单位',
        source: 'manual',
        reason: '矩阵事由',
        requirements: '矩阵要求',
        reply_due: '2099-01-01',
        status: variant === 'owned' ? 'issued' : 'answered',
        answer: variant === 'owned' ? null : '矩阵答复',
        issued_by_name: '矩阵',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  }
  const status = STATUS_BY_VARIANT[variant];
  const plan = await createPlan(system, {
    title: unique('矩阵测试方案'),
    planType: 'work_plan',
    regionCode: '120000',
    ownerUnitId: unitId,
    nodes: [{ kind: 'part', marker: '一、', heading: '重点任务', text: '', children: [] }],
  });
  const [node] = await h.db.selectFrom('plan_nodes').select('node_key').where('plan_id', '=', plan.id).execute();
  const [taskId] = await addTasks(system, plan.id, [{ title: '测试任务', leadUnit: { rawName: UNMATCHED } }]);
  const comment = await h.db
    .insertInto('plan_comments')
    .values({ region_code: '120000', plan_id: plan.id, version_number: 1, node_key: null, unit_id: unitIds.get('commerce')!, author_user_id: userIds.get('swj')!, body: '测试意见' })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (status !== 'draft') await h.db.updateTable('plans').set({ status }).where('id', '=', plan.id).execute();
  // A plan out for consultation is sent to the 'editor' actor's unit (市发展改革委): the other units do not see it.
  if (status === 'consultation') await h.db.insertInto('plan_consulted_units').values({ region_code: '120000', plan_id: plan.id, unit_id: unitIds.get('ndrc')! }).execute();
  const id = kind === 'plan' ? plan.id : kind === 'task' ? taskId : comment.id;
  return { id, nodeKey: node.node_key, status };
}

/** The request body (and query) a route is tried with: valid, so that what decides the answer is who asks. */
function bodyFor(method: string, route: string, f: Fixture | null): Body {
  const key = `${method} ${route}`;
  const ndrc = unitIds.get('ndrc')!;
  switch (key) {
    case 'POST /api/auth/login':
      return { payload: { username: 'swj', password: DEMO_PASSWORD } };
    case 'POST /api/auth/password':
      return { payload: { currentPassword: 'not-the-password', newPassword: 'Matrix@2026-unused' } };
    case 'POST /api/units':
      return { payload: { regionCode: '120000', parentId: ndrc, name: unique('矩阵新建处'), kind: 'office' } };
    case 'PATCH /api/units/:id':
      return { payload: { shortName: unique('矩阵') } };
    case 'POST /api/people':
      return { payload: { regionCode: '120000', name: unique('新人'), unitId: ndrc } };
    case 'PATCH /api/people/:id':
      return { payload: { title: '处长' } };
    case 'POST /api/users':
      return { payload: { username: unique('matrixnew'), displayName: '新账号', password: 'Matrix@2026-strong-pw' } };
    case 'PATCH /api/users/:id':
      return { payload: { displayName: '改名' } };
    case 'PUT /api/users/:id/roles':
      return { payload: { roles: [{ role: 'unit_viewer', unitId: ndrc }] } };
    case 'POST /api/users/:id/password':
      return { payload: { newPassword: 'Matrix@2026-reset-pw' } };
    case 'POST /api/plans/parse':
      return multipart('方案.txt', '关于测试的实施方案\n\n一、总体要求\n\n（一）做好测试。\n', 'text/plain');
    case 'POST /api/plans':
      return { payload: { title: unique('矩阵新建方案'), planType: 'work_plan', regionCode: '120000' } };
    case 'PATCH /api/plans/:id':
      return { payload: { docNumber: '矩阵〔2026〕1号' } };
    case 'POST /api/plans/:id/versions':
      return { payload: { nodes: [{ kind: 'part', marker: '一、', heading: '重点任务（修改）', text: '', children: [] }], basedOn: 1 } };
    case 'GET /api/plans/:id/diff':
      return { query: 'from=1&to=1' };
    case 'PUT /api/plans/:id/status':
      // An issued plan has no next status (STATUS_FLOW): those who may change statuses are told 400, not 200.
      return { payload: { status: f?.status === 'consultation' ? 'draft' : f?.status === 'issued' ? 'adopted' : 'consultation', consultedUnitIds: [unitIds.get('ndrc')!] } };
    case 'PUT /api/plans/:id/schedule':
      return { payload: { reportCycle: 'quarterly' } };
    case 'POST /api/reminders/deliveries/retry':
      return { payload: {} };
    case 'PATCH /api/atlas/enterprises/:region/:id/links/:chain/:segment':
      return { payload: { decision: 'confirmed', note: '矩阵测试' } };
    case 'POST /api/atlas/chains/:id/edits':
      return { payload: { baseVersion: 1, edits: [{ op: 'updateSegment', key: 'ic.materials', set: { description: unique('矩阵说明') } }] } };
    case 'POST /api/atlas/zones':
    case 'PUT /api/atlas/zones/:id':
      return { payload: { name: unique('矩阵载体'), kind: 'park', regionCode: '120116' } };
    case 'POST /api/atlas/clusters':
    case 'PUT /api/atlas/clusters/:id':
      return { payload: { name: unique('矩阵集群'), regionCode: '120000', level: 'provincial', chainIds: [demoChainId], zoneIds: [demoZoneId] } };
    case 'PUT /api/atlas/clusters/:id/indicators':
      return { payload: { values: [{ indicator: 'output', year: 2025, value: 12.5, source: '矩阵测试' }] } };
    case 'POST /api/atlas/clusters/:id/indicators/import':
      return { ...multipart('指标.csv', '指标,年份,数值\n产值,2025,12\n', 'text/csv'), query: 'dryRun=true' };
    case 'PUT /api/atlas/readiness-thresholds':
      // Back to the default: the matrix leaves no threshold behind.
      return { payload: { target: 'national', thresholds: [{ criterion: 'patents', threshold: null }] } };
    case 'POST /api/atlas/clusters/import':
      return { payload: { format: 'luoshi-atlas-clusters', formatVersion: 1, zones: [], clusters: [] }, query: 'dryRun=true' };
    case 'PUT /api/atlas/chains/:id/chief':
      return { payload: { officeName: unique('矩阵链长办') } };
    case 'POST /api/atlas/chains/:id/chief/items':
      return { payload: { list: 'gap', name: unique('矩阵补链'), segmentKey: 'ic.materials' } };
    case 'PATCH /api/atlas/chains/:id/chief/items/:itemId':
      return { payload: { note: '矩阵' } };
    case 'POST /api/events/:id/participants/from-intermediary':
      return { payload: { intermediaryId: demoIntermediaryId } };
    case 'POST /api/atlas/intermediaries':
    case 'PUT /api/atlas/intermediaries/:id':
      return { payload: { name: unique('矩阵中介'), kind: 'service', regionCode: '120000', chainIds: [demoChainId] } };
    case 'POST /api/atlas/intermediaries/:id/members':
      return { payload: { uscc: f?.more?.uscc ?? '91120000MA0000001Q', role: 'member' } };
    case 'POST /api/atlas/intermediaries/:id/members/import':
      return { ...multipart('会员.csv', `统一社会信用代码,职务\n${f?.more?.uscc ?? '91120000MA0000001Q'},理事\n`, 'text/csv'), query: 'dryRun=true' };
    case 'GET /api/atlas/intermediaries/memberships':
      return { query: 'uscc=91120000MA0000001Q' };
    case 'POST /api/atlas/complexity/analyses':
      return { payload: { chainId: demoChainId, by: 'segment', measure: 'count', year: 2026, level: 'prefecture' } };
    case 'POST /api/atlas/complexity/analyses/:id/targets':
      // The analysis made for the matrix is an uploaded table's: the atlas's keepers are told 400 (no chain segments).
      return { payload: { location: 'A', products: ['x'], planId: '00000000-0000-4000-8000-000000000000' } };
    case 'POST /api/atlas/chains/:id/chokepoints':
      return { payload: { segmentKey: 'ic.materials', technology: unique('矩阵卡点技术'), source: '矩阵测试' } };
    case 'POST /api/tasks/:id/reports':
      return { payload: { doneText: '矩阵进展', percent: 10 } };
    case 'POST /api/tasks/:id/activities':
      return { payload: { kind: 'meeting', title: unique('矩阵协调会'), heldOn: '2026-01-05', participants: '矩阵单位', outcome: '矩阵成果' } };
    case 'POST /api/tasks/:id/projects':
      return { payload: { kind: 'investment', name: unique('矩阵新项目'), amount: 10 } };
    case 'PATCH /api/projects/:id':
      return { payload: { chainSegment: '矩阵环节' } };
    case 'POST /api/projects/:id/stage':
      return { payload: { stage: 'started', date: '2026-02-01' } };
    case 'POST /api/projects/:id/reports':
      return { payload: { date: '2026-02-01', body: '矩阵进展' } };
    case 'POST /api/plans/:id/projects/import':
      return { ...multipart('项目.csv', '任务序号,项目名称,项目类别,金额\n1,矩阵导入项目,投资,10\n', 'text/csv'), query: 'dryRun=true' };
    case 'POST /api/reports/:id/return':
    case 'POST /api/escalations/:id/return':
    case 'POST /api/tasks/:id/reopen':
      return { payload: { reason: '矩阵理由' } };
    case 'POST /api/tasks/:id/deadline-changes':
      return { payload: { newDueDate: '2030-01-01', reason: '矩阵理由' } };
    case 'POST /api/tasks/:id/escalations':
      return { payload: { reason: '矩阵事由', requirements: '矩阵要求', replyDue: '2099-01-01' } };
    case 'POST /api/escalations':
      return { payload: { taskIds: [redTaskId], requirements: '矩阵要求', replyDue: '2099-01-01' } };
    case 'POST /api/escalations/:id/answer':
      return { payload: { answer: '矩阵答复' } };
    case 'POST /api/escalations/:id/close':
      return { payload: { note: '矩阵' } };
    case 'POST /api/deadline-changes/:id/decision':
      return { payload: { approve: true } };
    case 'POST /api/reports/:id/evidence':
      return multipart('纪要.pdf', '%PDF-1.7\n%%EOF', 'application/pdf');
    case 'POST /api/plans/:id/derive':
      return { payload: { nodeKey: f?.nodeKey, title: unique('矩阵分解方案') } };
    case 'POST /api/plans/:id/comments':
      return { payload: { nodeKey: null, body: '矩阵意见' } };
    case 'PUT /api/comments/:id/decision':
      return { payload: { decision: 'adopted' } };
    case 'POST /api/plans/:id/tasks':
      return { payload: { tasks: [{ title: '矩阵任务' }] } };
    case 'PUT /api/auth/me/locale':
      return { payload: { locale: 'zh-CN' } };
    case 'POST /api/plans/:id/tasks/from-table':
      return { payload: { table: 0 } };
    case 'POST /api/plans/:id/tasks/from-nodes':
      return { payload: { items: [{ nodeKeys: [f?.nodeKey] }] } };
    case 'PATCH /api/tasks/:id':
      return { payload: { note: '矩阵备注' } };
    case 'POST /api/tracking/recompute':
      return { payload: { asOf: '2024-07-01' } };
    case 'PUT /api/plans/:id/progress-rule':
    case 'PUT /api/plans/:id/reminder-rule':
      return { payload: { rule: null } };
    case 'PUT /api/units/:id/notify-channels':
      return { payload: { emails: ['matrix@example.org'] } };
    case 'POST /api/tasks/:id/remind':
    case 'POST /api/notifications/read':
      return { payload: {} };
    case 'PUT /api/plans/:id/briefing/highlights':
      return { payload: { asOf: '2024-07-01', highlights: [] } };
    case 'POST /api/plans/:id/resolve':
      return { payload: { kind: 'unit', rawName: UNMATCHED, targetId: ndrc } };
    case 'POST /api/tasks/import':
      return multipart('分工.xlsx', fs.readFileSync(path.join(import.meta.dirname, '../fixtures/real/plans/task-division-example.xlsx')), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    case 'POST /api/complexity/analyses':
      return { ...multipart('matrix.csv', COMPLEXITY_CSV, 'text/csv'), query: 'loc=loc&prod=prod&val=val&wait=20000' };
    case 'GET /api/complexity/analyses/:id/profile':
    case 'GET /api/complexity/analyses/:id/opportunities':
    case 'GET /api/complexity/analyses/:id/opportunities.csv':
    case 'GET /api/complexity/analyses/:id/opportunities.xlsx':
      return { query: 'location=A' };
    case 'POST /api/events':
      return { payload: { name: unique('矩阵新对接会'), startsOn: '2030-01-01', slots: { date: '2030-01-01', start: '09:00', count: 2, minutes: 20 }, tables: 2 } };
    case 'PATCH /api/events/:id':
      return { payload: { venue: '矩阵地点' } };
    case 'POST /api/events/:id/participants':
      return { payload: { kind: 'association', name: unique('矩阵协会') } };
    case 'POST /api/events/:id/public/participants':
      return { payload: { kind: 'association', name: unique('矩阵公开报名') } };
    case 'PATCH /api/events/:id/participants/:pid':
      return { payload: { description: '矩阵简介' } };
    case 'POST /api/events/:id/participants/:pid/offers':
      return { payload: { kind: 'need', title: '矩阵需求' } };
    case 'POST /api/events/:id/participants/:pid/requests':
      return { payload: { to: f?.more?.c } };
    case 'POST /api/events/:id/requests/:rid/decision':
      return { payload: { decision: 'cancel' } };
    case 'POST /api/events/:id/meetings':
      return { payload: { a: f?.more?.b, b: f?.more?.c } };
    case 'POST /api/events/:id/meetings/:mid/place':
      return { payload: { slotId: null, tableId: null } };
    case 'POST /api/events/:id/meetings/:mid/attendance':
      return { payload: { status: 'held' } };
    case 'PUT /api/events/:id/meetings/:mid/outcome':
      return { payload: { kind: 'intention', amount: 1 } };
    case 'POST /api/events/:id/check-in':
      return { payload: { code: f?.more?.code } };
    case 'POST /api/events/:id/schedule':
    case 'POST /api/events/:id/meetings/:mid/cancel':
      return { payload: {} };
    default:
      return {};
  }
}

/** The OpenAPI document's operations, as `METHOD /api/route/:id`. */
function operations(): { method: string; route: string }[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), route: p.replace(/\{(\w+)\}/g, ':$1') })))
    .filter((o) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(o.method))
    .sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`));
}

function kindOf(route: string): Kind | null {
  return KIND_BY_PREFIX.find(([prefix]) => route === prefix || route.startsWith(prefix + '/'))?.[1] ?? null;
}

const stable = new Map<string, Fixture>();
const scratch = new Map<string, Fixture>();
/** A record for a probe: reads share one per kind and variant; writes get one of their own until a write succeeds. */
async function fixtureFor(method: string, kind: Kind, variant: string): Promise<Fixture> {
  const pool = method === 'GET' ? stable : scratch;
  const key = `${kind}:${variant}`;
  if (!pool.has(key)) pool.set(key, await make(kind, variant, method === 'GET'));
  return pool.get(key)!;
}
/** Writes are all-or-nothing, so a refused write leaves its record as it was; after a successful one, make another. */
function spent(method: string, kind: Kind | null, variant: string, status: number) {
  if (method !== 'GET' && kind && status < 300) scratch.delete(`${kind}:${variant}`);
}

async function signIn(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode, `sign in as ${username}`).toBe(200);
  return { cookie: res.cookies.find((c) => c.name === 'luoshi_session')!.value, csrf: res.json().csrfToken as string };
}

/** Spells a path as a client might to slip past a check on the raw URL. */
const SPELLINGS: Record<string, (url: string) => string> = {
  plain: (url) => url,
  encoded: (url) => url.replace(/^\/api\//, '/%61pi/'),
  mixedCase: (url) => url.replace(/^\/api\//, '/API/').replace(/\/([a-z][a-z-]*)(?=\/|$|\?)/g, (_, s: string) => '/' + s[0].toUpperCase() + s.slice(1)),
};

async function send(o: { method: string; route: string }, actor: ActorName, f: Fixture | null, spelling: string, withCsrf = true): Promise<LightMyRequestResponse> {
  const body = bodyFor(o.method, o.route, f);
  // The public form allows a few attempts per address; every probe here comes from the same one.
  if (o.route === '/api/events/:id/public/participants') (await import('../../src/modules/events/events.public.service.ts')).publicAttempts.clear();
  if (o.route.startsWith('/api/events/:id/self/')) (await import('../../src/modules/events/events.self.service.ts')).linkAttempts.clear();
  let url = o.route
    .replace(':id', f?.id ?? '00000000-0000-4000-8000-000000000000')
    .replace(/:(pid|oid|rid|mid)\b/g, (_, k: string) => f?.more?.[k] ?? '00000000-0000-4000-8000-000000000000')
    // The atlas's own keys: an enterprise by region and id (none such: 404 for those allowed, 403 for the rest), a
    // segment of the fixture chain, a well-formed credit code.
    // A personal link's secret: participant b's (made without an account); the foreign event's works there too.
    .replace(':token', f?.more?.token ?? 'no-such-link')
    // A chain-chief list item: none such (404 for the region's keepers, 403 for the rest).
    .replace(':itemId', '00000000-0000-4000-8000-000000000000')
    .replace(':region', '120000')
    // A chain's version: its first (every chain has one).
    .replace(':version', '1')
    .replace(':chain', f?.id ?? '00000000-0000-4000-8000-000000000000')
    .replace(/:(segment|key)\b/, 'ic.materials')
    .replace(':uscc', '91120000MA0000001Q');
  if (body.query) url += `?${body.query}`;
  url = SPELLINGS[spelling](url);
  let session = ACTORS[actor] ? sessions.get(actor)! : null;
  // Signing out ends the session it is sent with: use one made for the purpose.
  if (session && o.method === 'POST' && o.route === '/api/auth/logout') session = await signIn(ACTORS[actor]!);
  const headers: Record<string, string> = { ...body.headers };
  if (session && withCsrf) headers['x-csrf-token'] = session.csrf;
  return app.inject({
    method: o.method as 'GET',
    url,
    headers,
    cookies: session ? { luoshi_session: session.cookie } : {},
    ...(body.payload !== undefined ? { payload: body.payload as string } : {}),
  });
}

const checksOf = (res: LightMyRequestResponse) => String(res.headers['x-permission-checks'] ?? '').split(',').filter(Boolean);
/** Whether the router did not take the path at all (a 404 from the not-found handler), which is safe for any spelling. */
/**
 * A spelling that reaches no API route: a 404 from the router, or — when the web UI is built — its page, which the
 * server sends for any other GET path (case-sensitive routing makes /API/… such a path), and which holds no data.
 */
const notRouted = (res: LightMyRequestResponse) =>
  (res.statusCode === 404 && /No route/.test(res.body)) || (res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html'));

type Table = Record<string, Record<string, Record<ActorName, number>>>;
const observed: Table = {};
const problems: string[] = [];
const unchecked: string[] = [];
const encodedDifferences = new Set<string>();
const csrfBypasses = new Set<string>();

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app, routes } = await buildApp(loadConfig({}), h.db, { logger: false }));
  // The test reads which named rules the services checked while serving each request.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-permission-checks', (request.ctx?.checks ?? []).join(','));
    done(null, payload);
  });
  await app.ready();
  system = { db: h.db, actor: systemActor('system', 'permission matrix') };
  for (const u of await h.db.selectFrom('units').select(['id', 'short_name']).execute()) {
    const key = { 市发展改革委: 'ndrc', 市教委: 'edu', 市商务局: 'commerce' }[u.short_name ?? ''];
    if (key) unitIds.set(key, u.id);
  }
  for (const u of await h.db.selectFrom('users').select(['id', 'username', 'password_hash']).execute()) {
    userIds.set(u.username, u.id);
    passwordHash = u.password_hash;
  }
  for (const actor of ACTOR_NAMES) if (ACTORS[actor]) sessions.set(actor, await signIn(ACTORS[actor]!));
  const escalated = (await h.db.selectFrom('escalations').select('task_id').execute()).map((e) => e.task_id);
  demoChainId = (await h.db.selectFrom('atlas_chains').select('id').where('region_code', '=', '000000').orderBy('key').executeTakeFirstOrThrow()).id;
  demoZoneId = (await h.db.selectFrom('atlas_zones').select('id').where('region_code', '=', '133100').executeTakeFirstOrThrow()).id;
  demoIntermediaryId = (await h.db.selectFrom('atlas_intermediaries').select('id').where('region_code', '=', '120000').orderBy('name').executeTakeFirstOrThrow()).id;
  redTaskId = (await h.db.selectFrom('task_progress').select('task_id').where('warning', '=', 'red').execute()).find((t) => !escalated.includes(t.task_id))!.task_id;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('the permission matrix', () => {
  it('answers every route, actor and object as expected.json says, checking each route’s declared permission', async () => {
    const declared = new Map(routes.map((r) => [`${r.method} ${r.url}`, r.permission]));
    const probes: Probe[] = operations().flatMap((o) => {
      const kind = kindOf(o.route);
      return (kind ? VARIANTS[kind] : ['-']).map((variant) => ({ ...o, variant, permission: declared.get(`${o.method} ${o.route}`) }));
    });
    for (const p of probes) {
      const kind = kindOf(p.route);
      const row = ((observed[`${p.method} ${p.route}`] ??= {})[p.variant] = {} as Record<ActorName, number>);
      for (const actor of ACTOR_NAMES) {
        const f = kind ? await fixtureFor(p.method, kind, p.variant) : null;
        const res = await send(p, actor, f, 'plain');
        row[actor] = res.statusCode;
        spent(p.method, kind, p.variant, res.statusCode);
        if (res.statusCode === 500) problems.push(`${p.method} ${p.route} [${p.variant}] as ${actor}: 500 ${res.body.slice(0, 200)}`);
        // A route that got as far as its service and was served (2xx) or refused (403) has checked what it declares.
        const ruled = p.permission !== 'public' && p.permission !== 'signed-in';
        if (ruled && (res.statusCode < 300 || res.statusCode === 403) && !checksOf(res).includes(p.permission!)) {
          unchecked.push(`${p.method} ${p.route} [${p.variant}] as ${actor}: ${res.statusCode} without checking ${p.permission} (checked: ${checksOf(res).join(' ') || 'nothing'})`);
        }
        for (const spelling of ['encoded', 'mixedCase']) {
          const g = kind ? await fixtureFor(p.method, kind, p.variant) : null;
          const other = await send(p, actor, g, spelling);
          spent(p.method, kind, p.variant, other.statusCode);
          if (other.statusCode !== res.statusCode && !notRouted(other)) encodedDifferences.add(`${p.method} ${p.route}`);
          if (other.statusCode !== res.statusCode && !notRouted(other) && !KNOWN_ENCODED_DIFFERENCES.includes(`${p.method} ${p.route}`)) {
            problems.push(`${p.method} ${SPELLINGS[spelling](p.route)} [${p.variant}] as ${actor}: ${other.statusCode}, but ${res.statusCode} when spelt plainly`);
          }
        }
      }
    }

    // The policies of lazily loaded services are known once a request has loaded them, so this comes last.
    const known = policyRuleNames();
    for (const p of probes) {
      if (p.permission !== 'public' && p.permission !== 'signed-in' && !known.has(p.permission ?? '')) problems.push(`${p.method} ${p.route} declares "${p.permission}", which no policy defines`);
    }

    if (UPDATE) fs.writeFileSync(EXPECTED_FILE, JSON.stringify(observed, null, 1) + '\n');
    const expected = JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8')) as Table;
    const missing = Object.keys(observed).filter((k) => !expected[k]);
    expect(missing, 'routes without a row in test/permissions/expected.json (add them: UPDATE_PERMISSION_MATRIX=1)').toEqual([]);
    expect(Object.keys(expected).filter((k) => !observed[k]), 'rows of expected.json for routes that no longer exist').toEqual([]);
    expect(observed).toEqual(expected);
    expect(problems).toEqual([]);
    expect(unchecked, 'requests served or refused without the check their route declares').toEqual([]);
    expect([...encodedDifferences].sort(), 'KNOWN_ENCODED_DIFFERENCES is out of date').toEqual([...KNOWN_ENCODED_DIFFERENCES].sort());
  }, 900_000);

  it('refuses every write sent with the session cookie but without the CSRF token, however the path is spelt', async () => {
    const failures: string[] = [];
    for (const o of operations().filter((x) => x.method !== 'GET')) {
      const kind = kindOf(o.route);
      for (const spelling of Object.keys(SPELLINGS)) {
        const f = kind ? await fixtureFor(o.method, kind, 'owned') : null;
        const res = await send(o, 'admin', f, spelling, false);
        spent(o.method, kind, 'owned', res.statusCode);
        const refused = (res.statusCode === 403 && res.json().error?.code === 'csrf') || notRouted(res);
        if (!refused) {
          csrfBypasses.add(`${o.method} ${o.route}`);
          if (!KNOWN_CSRF_BYPASSES.includes(`${o.method} ${o.route}`)) failures.push(`${o.method} ${SPELLINGS[spelling](o.route)}: ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect([...csrfBypasses].sort(), 'KNOWN_CSRF_BYPASSES is out of date').toEqual([...KNOWN_CSRF_BYPASSES].sort());
  }, 900_000);
});
