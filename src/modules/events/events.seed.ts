import type { DemoSeeder } from '../../server/module.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { systemActor } from '../org/index.ts';
import { withCheckChar } from '../atlas/index.ts';
import { addOffer, createEvent, decideRequest, registerParticipant, requestMeeting, updateEvent } from './events.service.ts';
import { scheduleEvent } from './events.schedule.service.ts';
import type { ParticipantKind } from './events.tables.ts';

/** The atlas demo's 新能源和智能网联汽车 chain (atlas.seed.ts), whose segments the demo offers and needs name. */
const CHAIN = 'demo-nev';

/** The demo participants (fictional), each with its offers (供) and needs (需) in the new-energy vehicle chain. */
const PARTICIPANTS: { key: string; kind: ParticipantKind; name: string; uscc?: string; region: string; description: string; offers: [kind: 'offer' | 'need', title: string, segment: string | null, products: string[]][] }[] = [
  { key: 'oem', kind: 'enterprise', name: '天津示例新能源汽车有限公司', uscc: '91120116MA05E0001', region: '120116', description: '新能源乘用车整车制造', offers: [['need', '采购磷酸铁锂动力电池包', 'battery.pack', ['动力电池包']], ['need', '寻找车规级功率半导体供应商', 'chips.power', ['IGBT', 'SiC 模块']]] },
  { key: 'cell', kind: 'enterprise', name: '示例动力电池（天津）有限公司', uscc: '91120110MA06E0002', region: '120110', description: '动力电池电芯与电池包', offers: [['offer', '磷酸铁锂动力电池包批量供货', 'battery.pack', ['动力电池包', '电芯']], ['need', '正极材料长期采购', 'materials.cathode', ['磷酸铁锂正极']]] },
  { key: 'mat', kind: 'enterprise', name: '示例新材料科技有限公司', uscc: '91120113MA07E0003', region: '120113', description: '锂电正极材料', offers: [['offer', '磷酸铁锂正极材料供应', 'materials.cathode', ['磷酸铁锂正极']]] },
  { key: 'chip', kind: 'enterprise', name: '示例微电子（天津）有限公司', uscc: '91120111MA08E0004', region: '120111', description: '车规级功率器件', offers: [['offer', '车规级 IGBT 与 SiC 功率模块', 'chips.power', ['IGBT', 'SiC 模块']]] },
  { key: 'charge', kind: 'enterprise', name: '天津示例充电设施有限公司', uscc: '91120116MA09E0005', region: '120116', description: '充换电设施建设运营', offers: [['offer', '公共充电站建设与运营', 'charging.station', ['充电桩']], ['need', '换电站合作整车企业', 'vehicles.passenger', ['换电车型']]] },
  { key: 'recycle', kind: 'enterprise', name: '示例电池回收利用有限公司', uscc: '91120115MA0AE0006', region: '120115', description: '退役动力电池梯次利用与回收', offers: [['offer', '退役动力电池回收与梯次利用', 'recycling.echelon', ['回收']], ['need', '退役电池包稳定来源', 'battery.pack', ['退役电池包']]] },
  { key: 'fund', kind: 'investor', name: '示例产业投资基金', region: '120000', description: '关注新能源汽车与零部件的股权投资', offers: [['offer', '新能源汽车产业链股权投资', null, ['股权投资']]] },
  { key: 'assoc', kind: 'association', name: '天津市示例汽车行业协会', region: '120000', description: '会员企业 200 余家', offers: [['offer', '组织会员企业供需对接', null, []]] },
  { key: 'gov', kind: 'government', name: '滨海新区示例招商服务中心', region: '120116', description: '项目落地服务', offers: [['offer', '新能源汽车项目落地政策与用地服务', null, ['招商政策']]] },
];
/** Who asked whom, how much it matters, and how the other side answered. */
const REQUESTS: [from: string, to: string, priority: 'must' | 'nice', answer: 'accept' | 'decline' | null][] = [
  ['oem', 'cell', 'must', 'accept'],
  ['oem', 'chip', 'must', 'accept'],
  ['cell', 'mat', 'must', 'accept'],
  ['recycle', 'cell', 'nice', 'accept'],
  ['charge', 'oem', 'nice', 'accept'],
  ['fund', 'oem', 'nice', 'accept'],
  ['fund', 'cell', 'nice', 'accept'],
  ['fund', 'recycle', 'nice', 'decline'],
  ['gov', 'chip', 'nice', 'accept'],
  ['gov', 'mat', 'nice', 'accept'],
  ['assoc', 'charge', 'nice', null],
  ['chip', 'cell', 'nice', 'accept'],
];

/** One matchmaking event in the demo region two weeks ahead, open for registration, with its participants, offers and needs, requests and a schedule. */
export const seedDemoEvents: DemoSeeder = async (db, { unitIds, log }) => {
  const ctx: ServiceContext = { db, actor: systemActor('system', '演示数据 / demo seed') };
  const day = new Date(Date.now() + (8 + 14 * 24) * 3600_000).toISOString().slice(0, 10);
  const plan = await db.selectFrom('plans').select(['id']).where('region_code', '=', '120000').where('title', 'like', '%产业链协同发展%年度重点任务分工方案（示例）').orderBy('created_at', 'desc').executeTakeFirst();
  const task = plan ? await db.selectFrom('tasks').select('id').where('region_code', '=', '120000').where('plan_id', '=', plan.id).where('seq', '=', '3').executeTakeFirst() : undefined;
  const ev = await createEvent(ctx, {
    regionCode: '120000',
    name: '新能源汽车产业链握手链接洽谈会（示例）',
    description: '整车、动力电池、功率半导体、充换电与回收企业一对一洽谈',
    startsOn: day,
    venue: '天津示例国际会展中心 3 号馆',
    access: 'public',
    focusChains: [CHAIN],
    taskId: task?.id ?? null,
    slots: { date: day, start: '09:00', count: 12, minutes: 20, breakEvery: 4, breakMinutes: 10 },
    tables: 6,
  });
  const id = ev.event.id;
  const organiser = unitIds.get('ndrc');
  if (organiser) await db.updateTable('events').set({ organiser_unit_id: organiser }).where('region_code', '=', '120000').where('id', '=', id).execute();
  await updateEvent(ctx, id, { status: 'open' });
  const swj = await db.selectFrom('users').select('id').where('username', '=', 'swj').executeTakeFirst();
  const ids = new Map<string, string>();
  for (const p of PARTICIPANTS) {
    const row = await registerParticipant(ctx, id, {
      kind: p.kind,
      name: p.name,
      uscc: p.uscc ? withCheckChar(p.uscc) : null,
      description: p.description,
      homeRegionCode: p.region,
      contactName: '联络人（示例）',
      // The demo's 市商务局 viewer takes part as the investment fund, so `swj` shows a participant's own view.
      userId: p.key === 'fund' ? (swj?.id ?? null) : null,
    });
    ids.set(p.key, row.id);
    for (const [kind, title, segment, products] of p.offers) await addOffer(ctx, id, row.id, { kind, title, chainKey: segment ? CHAIN : null, segmentKey: segment, products });
  }
  for (const [from, to, priority, answer] of REQUESTS) {
    const r = await requestMeeting(ctx, id, ids.get(from)!, { to: ids.get(to)!, priority, message: '希望当面交流合作机会' });
    if (answer) await decideRequest(ctx, id, r.id, answer);
  }
  const result = await scheduleEvent(ctx, id);
  log(`demo event: ${PARTICIPANTS.length} participants, ${REQUESTS.length} requests, ${result.scheduled} meetings scheduled`);
};
