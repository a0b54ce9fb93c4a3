import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import type { ServiceContext, Tx } from '../../server/service-context.ts';
import { findChain, listChains } from './atlas.chains.repo.ts';
import { allClusters, allZones } from './atlas.clusters.repo.ts';
import type { ClusterBody, ClusterFile, ClusterImportResult, ZoneBody } from './atlas.clusters.schema.ts';
import { clusterValues, saveCluster, saveZone, zoneValues } from './atlas.clusters.service.ts';
import { atlasPolicy } from './atlas.policy.ts';

/**
 * Every cluster and carrier zone as an exchange file (docs/atlas-clusters.md): chains are named by key and zones by
 * region and name, so that another region's system (or this one after a reset) can read it back.
 */
export async function exportClusters(ctx: ServiceContext): Promise<ClusterFile> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, 'export the clusters');
  const chains = new Map((await listChains(ctx.db)).map((c) => [c.id, c.key]));
  const zones = await allZones(ctx.db);
  const zoneRef = new Map(zones.map((z) => [z.id, { regionCode: z.region_code, name: z.name }]));
  return {
    format: 'luoshi-atlas-clusters',
    formatVersion: 1,
    zones: zones.map((z) => ({
      name: z.name,
      nameEn: z.name_en,
      kind: z.kind,
      regionCode: z.region_code,
      districtCodes: z.district_codes,
      lat: z.lat === null ? null : Number(z.lat),
      lng: z.lng === null ? null : Number(z.lng),
      radiusKm: z.radius_km === null ? null : Number(z.radius_km),
      focus: z.focus.filter((f) => chains.has(f.chainId)).map((f) => ({ chain: chains.get(f.chainId)!, segmentKeys: f.segmentKeys })),
      note: z.note,
    })),
    clusters: (await allClusters(ctx.db)).map((c) => ({
      name: c.name,
      nameEn: c.name_en,
      regionCode: c.region_code,
      level: c.level,
      chains: c.chain_ids.filter((id) => chains.has(id)).map((id) => chains.get(id)!),
      zones: c.zone_ids.filter((id) => zoneRef.has(id)).map((id) => zoneRef.get(id)!),
      leading: c.leading_enterprises,
      targets: c.targets,
      description: c.description,
      promotionBody: c.promotion_body,
    })),
  };
}

/** A chain key's id: the shared definition's first, else the first region's adaptation. */
async function chainIdOf(db: ServiceContext['db'], key: string): Promise<string | null> {
  const found = (await findChain(db, key)).filter((c) => c.key === key);
  return (found.find((c) => c.region_code === '000000') ?? found[0])?.id ?? null;
}

/**
 * Reads an exchange file of clusters and zones: a zone or cluster with the name of an existing one in the same region
 * updates it, others are created. Every problem is named by its place in the file (`zones[2].regionCode`); with any
 * problem nothing is written. A dry run checks and counts without keeping anything.
 */
export async function importClusters(ctx: ServiceContext, file: ClusterFile, opts: { dryRun?: boolean } = {}): Promise<ClusterImportResult> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'import clusters');
  const work = async (trx: Tx): Promise<ClusterImportResult> => {
    const inner: ServiceContext = { ...ctx, db: trx as unknown as ServiceContext['db'] };
    const issues: FieldIssue[] = [];
    const result: ClusterImportResult = { dryRun: Boolean(opts.dryRun), zones: { created: 0, updated: 0 }, clusters: { created: 0, updated: 0 } };
    const collect = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.details);
      }
    };
    const existingZones = await allZones(trx);
    const zoneIds = new Map(existingZones.map((z) => [`${z.region_code}\u0000${z.name}`, z.id]));
    for (const [i, z] of file.zones.entries()) {
      const focus: NonNullable<ZoneBody['focus']> = [];
      for (const [j, f] of (z.focus ?? []).entries()) {
        const id = await chainIdOf(inner.db, f.chain);
        if (!id) issues.push({ field: `zones[${i}].focus[${j}].chain`, message: bilingual(`产业链「${f.chain}」不存在`, `unknown chain "${f.chain}"`) });
        else focus.push({ chainId: id, segmentKeys: f.segmentKeys });
      }
      const before = existingZones.find((x) => x.region_code === z.regionCode && x.name === z.name.trim()) ?? null;
      await collect(async () => {
        const body: ZoneBody = { ...z, kind: z.kind as ZoneBody['kind'], focus };
        const v = await zoneValues(inner, body, before?.id ?? null, `zones[${i}].`);
        const id = await saveZone(inner, v, before);
        zoneIds.set(`${v.region_code}\u0000${v.name}`, id);
        result.zones[before ? 'updated' : 'created']++;
      });
    }
    const existingClusters = await allClusters(trx);
    for (const [i, c] of file.clusters.entries()) {
      const chainIds: string[] = [];
      for (const [j, key] of c.chains.entries()) {
        const id = await chainIdOf(inner.db, key);
        if (!id) issues.push({ field: `clusters[${i}].chains[${j}]`, message: bilingual(`产业链「${key}」不存在`, `unknown chain "${key}"`) });
        else chainIds.push(id);
      }
      const zones: string[] = [];
      for (const [j, z] of c.zones.entries()) {
        const id = zoneIds.get(`${z.regionCode}\u0000${z.name}`);
        if (!id) issues.push({ field: `clusters[${i}].zones[${j}]`, message: bilingual(`载体「${z.name}」（${z.regionCode}）既不在文件中也不在系统中`, `zone "${z.name}" (${z.regionCode}) is neither in the file nor in the system`) });
        else zones.push(id);
      }
      const before = existingClusters.find((x) => x.region_code === c.regionCode && x.name === c.name.trim()) ?? null;
      await collect(async () => {
        const body: ClusterBody = { ...c, level: c.level as ClusterBody['level'], chainIds, zoneIds: zones, targets: c.targets as ClusterBody['targets'] };
        const v = await clusterValues(inner, body, before?.id ?? null, `clusters[${i}].`);
        await saveCluster(inner, v, before);
        result.clusters[before ? 'updated' : 'created']++;
      });
    }
    if (issues.length) {
      const seen = new Set<string>();
      const unique = issues.filter((x) => (seen.has(x.field + x.message) ? false : (seen.add(x.field + x.message), true)));
      throw new ValidationError(bilingual(`集群文件有 ${unique.length} 处错误，未导入任何内容`, `the cluster file has ${unique.length} problem(s); nothing was imported`), unique);
    }
    return result;
  };
  if (opts.dryRun) return dryRun(ctx.db, (trx) => work(trx as unknown as Tx));
  return ctx.db.transaction().execute(work);
}
