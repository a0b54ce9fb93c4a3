import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { editChain } from './atlas.chain-edit.service.ts';
import { chainVersionChanges, chainVersions } from './atlas.chain-versions.service.ts';
import { importChain } from './atlas.chains.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let app: FastifyInstance;
let chainId: string;
const fixture = () => JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { segments: { id: string }[]; edges: unknown[] };

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  chainId = (await importChain(fgw, fixture())).chain.id;
  // Version 2: a segment renamed (and its codes changed), one added. Version 3: the new one linked. Version 4: moved, an edge removed.
  const v2 = await editChain(fgw, chainId, {
    baseVersion: 1,
    edits: [
      { op: 'updateSegment', key: 'ic.materials.mask', set: { name: '掩模版', industryCodes: ['2619'] } },
      { op: 'addSegment', segment: { name: '碳化硅衬底', parent: 'ic.materials' } },
    ],
  });
  const key = v2.addedSegments[0]!;
  await editChain(fgw, chainId, { baseVersion: 2, edits: [{ op: 'addEdge', from: key, to: 'ic.manufacturing.logic' }] });
  await editChain(fgw, chainId, {
    baseVersion: 3,
    edits: [
      { op: 'moveSegment', key, parent: null, stage: 'midstream' },
      { op: 'removeEdge', from: 'ic.materials.wafer', to: 'ic.manufacturing.memory' },
    ],
  });
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('the versions of a chain', () => {
  it('are listed newest first with who made each, how, and how many changes of each kind', async () => {
    const list = await chainVersions(await contextAs(h, 'leader'), chainId);
    const segments = fixture().segments.length;
    expect(list.map((v) => [v.version, v.origin, v.madeBy, v.segmentCount])).toEqual([
      [4, 'edit', fgw.actor.name, segments + 1],
      [3, 'edit', fgw.actor.name, segments + 1],
      [2, 'edit', fgw.actor.name, segments + 1],
      [1, 'import', fgw.actor.name, segments],
    ]);
    expect(list[3]!.changeCounts).toBeNull();
    expect(list[2]!.changeCounts).toMatchObject({ segmentsAdded: 1, segmentsRenamed: 1, segmentsChanged: 1, edgesAdded: 0 });
    expect(list[1]!.changeCounts).toMatchObject({ segmentsAdded: 0, edgesAdded: 1 });
    expect(list[0]!.changeCounts).toMatchObject({ segmentsMoved: 1, edgesRemoved: 1, edgesAdded: 0, segmentsAdded: 0 });
    expect(list[2]!.edgeCount).toBe(fixture().edges.length);
    expect(list[0]!.edgeCount).toBe(fixture().edges.length);
  });

  it('show one version’s changes against the one before, or against any other', async () => {
    const v2 = await chainVersionChanges(fgw, chainId, 2);
    expect(v2.against).toBe(1);
    expect(v2.changes.segmentsRenamed).toEqual([{ key: 'ic.materials.mask', from: '光掩模', to: '掩模版' }]);
    expect(v2.changes.segmentsChanged).toEqual([{ key: 'ic.materials.mask', name: '掩模版', fields: ['industryCodes'] }]);
    expect(v2.changes.segmentsAdded).toEqual([{ key: 'ic.materials.1', name: '碳化硅衬底', parent: 'ic.materials', stage: 'upstream' }]);
    expect(v2.changes.edgesAdded).toEqual([]);

    const v4 = await chainVersionChanges(fgw, chainId, 4);
    expect(v4.changes.segmentsMoved).toEqual([
      { key: 'ic.materials.1', name: '碳化硅衬底', fromParent: 'ic.materials', toParent: null, fromParentName: '半导体材料', toParentName: null, fromStage: 'upstream', toStage: 'midstream' },
    ]);
    expect(v4.changes.edgesRemoved).toEqual([{ from: 'ic.materials.wafer', to: 'ic.manufacturing.memory', fromName: '硅片', toName: '存储器制造' }]);
    expect(v4.changes.segmentsAdded).toEqual([]);

    // Against version 1: everything since, in one list.
    const since1 = await chainVersionChanges(fgw, chainId, 4, 1);
    expect(since1.against).toBe(1);
    expect(since1.changes.segmentsAdded.map((s) => [s.key, s.stage])).toEqual([['ic.materials.1', 'midstream']]);
    // The version drawer names an edge's segments (碳化硅衬底 → 逻辑工艺), not only their keys.
    expect(since1.changes.edgesAdded).toEqual([{ from: 'ic.materials.1', to: 'ic.manufacturing.logic', fromName: '碳化硅衬底', toName: '逻辑工艺' }]);

    // The first version has nothing before it: all it holds is new.
    const first = await chainVersionChanges(fgw, chainId, 1);
    expect(first.against).toBeNull();
    expect(first.changes.segmentsAdded).toHaveLength(fixture().segments.length);

    await expect(chainVersionChanges(fgw, chainId, 9)).rejects.toBeInstanceOf(NotFoundError);
    await expect(chainVersionChanges(fgw, chainId, 4, 9)).rejects.toThrow(/第 9 版/);
  });

  it('compare the chain’s own name, description and sources, so a version that changed only those says what changed', async () => {
    const file = fixture() as unknown as { chain: Record<string, unknown> };
    const v1 = { ...file, chain: { ...file.chain, id: 'ic-header', name: '集成电路（初稿）', description: '初稿', sources: [{ title: '市发改委调研' }] } };
    const first = await importChain(fgw, v1);
    const v2 = { ...file, chain: { ...v1.chain, name: '集成电路', description: '2026 年修订', sources: [{ title: '市发改委调研' }, { title: '京津冀联合图谱', url: 'https://example.org/jjj' }] } };
    const second = await importChain(fgw, v2);
    expect(second.version).toBe(2);
    const changes = await chainVersionChanges(fgw, first.chain.id, 2);
    expect(changes.changes.chainChanged).toEqual([
      { field: 'name', from: '集成电路（初稿）', to: '集成电路' },
      { field: 'description', from: '初稿', to: '2026 年修订' },
      { field: 'sources', from: '市发改委调研', to: '市发改委调研；京津冀联合图谱 (https://example.org/jjj)' },
    ]);
    expect(changes.changes.segmentsAdded).toEqual([]);
    expect((await chainVersions(fgw, first.chain.id))[0]!.changeCounts).toMatchObject({ chainChanged: 3, segmentsAdded: 0 });
    // The same file again changes nothing: no version is written.
    expect((await importChain(fgw, v2)).unchanged).toBe(true);
  });

  it('are read over HTTP by whoever may read the chain, and by nobody signed out', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: DEMO_PASSWORD } });
    const cookies = { luoshi_session: login.cookies[0]!.value };
    const list = await app.inject({ method: 'GET', url: `/api/atlas/chains/${chainId}/versions`, cookies });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { version: number }[]).map((v) => v.version)).toEqual([4, 3, 2, 1]);
    const changes = await app.inject({ method: 'GET', url: `/api/atlas/chains/${chainId}/versions/3/changes`, cookies });
    expect(changes.statusCode).toBe(200);
    expect(changes.json()).toMatchObject({ version: 3, against: 2, changes: { edgesAdded: [{ from: 'ic.materials.1', to: 'ic.manufacturing.logic' }] } });
    expect((await app.inject({ method: 'GET', url: `/api/atlas/chains/${chainId}/versions/2/changes?against=0`, cookies })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/atlas/chains/${chainId}/versions` })).statusCode).toBe(401);
  });
});
