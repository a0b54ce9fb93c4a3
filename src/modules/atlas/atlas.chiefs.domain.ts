/**
 * The chain-chief system (链长制), pure rules: the lists a chain office keeps, the statuses each list's items move
 * through, how an item as written is checked (every problem named by its field), and how a record becomes the rows
 * of the 清单, 台账 and 图谱 sheets the offices file.
 */

/** The lists of a chain office, in the order they are filed. */
export const CHIEF_LISTS = {
  leading: { zh: '链主企业', en: 'Leading enterprises', sheet: '链主企业清单' },
  project: { zh: '重点项目', en: 'Key projects', sheet: '重点项目清单' },
  gap: { zh: '补链清单', en: 'Gaps to fill', sheet: '补链清单' },
  technology: { zh: '攻关清单', en: 'Technologies to attack', sheet: '技术攻关清单' },
  policy: { zh: '政策清单', en: 'Policies', sheet: '政策清单' },
} as const;
export type ChiefList = keyof typeof CHIEF_LISTS;
export const CHIEF_LIST_KEYS = Object.keys(CHIEF_LISTS) as ChiefList[];

type Named = Record<string, { zh: string; en: string }>;

/** A key project's stage (谋划 → 签约 → 开工 → 投产 → 达产), the tracking module's stages with the one before signing. */
export const PROJECT_STAGES = {
  planning: { zh: '谋划', en: 'Planning' },
  signed: { zh: '签约', en: 'Signed' },
  started: { zh: '开工', en: 'Started' },
  producing: { zh: '投产', en: 'In production' },
  completed: { zh: '达产', en: 'At capacity' },
} as const satisfies Named;
export type ProjectStage = keyof typeof PROJECT_STAGES;

/** The statuses each list's items move through; 链主企业 have none (they are on the list or not). */
export const ITEM_STATUSES: Record<ChiefList, Named> = {
  leading: {},
  project: { on_track: { zh: '正常推进', en: 'On track' }, delayed: { zh: '滞后', en: 'Delayed' }, blocked: { zh: '受阻', en: 'Blocked' }, done: { zh: '已完成', en: 'Done' } },
  gap: { open: { zh: '待补', en: 'Open' }, attracting: { zh: '招引中', en: 'Attracting' }, filled: { zh: '已补齐', en: 'Filled' } },
  technology: { planned: { zh: '谋划', en: 'Planned' }, attacking: { zh: '攻关中', en: 'Under way' }, breakthrough: { zh: '已突破', en: 'Broken through' } },
  policy: { drafting: { zh: '制定中', en: 'Drafting' }, in_force: { zh: '有效', en: 'In force' }, expired: { zh: '已失效', en: 'Expired' } },
};
/** The status an item starts with when none is given. */
export const DEFAULT_STATUS: Record<ChiefList, string | null> = { leading: null, project: 'on_track', gap: 'open', technology: 'attacking', policy: 'in_force' };

/** An item as written (the fields that do not belong to its list are ignored). */
export interface ChiefItemInput {
  list: string;
  name?: string | null;
  segmentKey?: string | null;
  uscc?: string | null;
  role?: string | null;
  amount?: number | null;
  stage?: string | null;
  status?: string | null;
  chokepointId?: string | null;
  issuer?: string | null;
  docNumber?: string | null;
  issuedOn?: string | null;
  link?: string | null;
  note?: string | null;
  asOf?: string | null;
}

/** An item's checked values, as stored. */
export interface ChiefItemValues {
  list: ChiefList;
  name: string;
  segment_key: string | null;
  uscc: string | null;
  role: string | null;
  amount: number | null;
  stage: ProjectStage | null;
  status: string | null;
  chokepoint_id: string | null;
  issuer: string | null;
  doc_number: string | null;
  issued_on: string | null;
  link: string | null;
  note: string | null;
  as_of: string;
}

/** A problem with an item, by field (`name`, `amount` …), in both languages. */
export interface ItemProblem {
  field: string;
  zh: string;
  en: string;
}

/** What an item is checked against: the chain's segments, its chokepoints, and a USCC check. */
export interface ItemContext {
  segments: ReadonlyMap<string, string>;
  chokepoints: ReadonlySet<string>;
  usccProblem: (uscc: string) => { zh: string; en: string } | null;
  normaliseUscc: (raw: string) => string;
  today: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (d: string) => DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: string | null | undefined) => v?.trim() || null;

/** The longest text a free-text field takes. */
const MAX_TEXT = 500;

/**
 * Checks an item of a chain office's list and returns its stored values, or the problems by field. Which fields an
 * item needs depends on its list: a 链主企业 its USCC, a key project its amount (万元) and stage, a gap its segment,
 * a policy its issuer; segments must be the chain's, a chokepoint one the atlas marks for the chain.
 * @example checkChiefItem({ list: 'gap', name: '隔膜', segmentKey: 'materials.separator' }, ctx)
 */
export function checkChiefItem(input: ChiefItemInput, ctx: ItemContext): { values: ChiefItemValues } | { problems: ItemProblem[] } {
  const problems: ItemProblem[] = [];
  const p = (field: string, zh: string, en: string) => problems.push({ field, zh, en });
  if (!(input.list in CHIEF_LISTS)) {
    p('list', `清单类型「${input.list}」无法识别（应为 ${CHIEF_LIST_KEYS.join('、')}）`, `unknown list "${input.list}"`);
    return { problems };
  }
  const list = input.list as ChiefList;
  const name = text(input.name);
  const segmentKey = text(input.segmentKey);
  if (!name) p('name', list === 'policy' ? '请填写政策名称' : list === 'leading' ? '请填写企业名称' : '请填写名称', 'the name is required');
  else if (name.length > 200) p('name', '名称不超过 200 字', 'the name is at most 200 characters');
  if (segmentKey !== null && !ctx.segments.has(segmentKey)) p('segmentKey', `环节「${segmentKey}」不在本产业链中`, `segment "${segmentKey}" is not in the chain`);
  if (list === 'gap' && segmentKey === null) p('segmentKey', '补链清单须指明环节', 'a gap names its segment');
  let uscc: string | null = null;
  if (text(input.uscc)) {
    uscc = ctx.normaliseUscc(input.uscc!);
    const problem = ctx.usccProblem(uscc);
    if (problem) p('uscc', `统一社会信用代码「${uscc}」${problem.zh}`, `the USCC "${uscc}" ${problem.en}`);
  } else if (list === 'leading') p('uscc', '链主企业须填写统一社会信用代码', 'a leading enterprise needs its USCC');
  let amount: number | null = null;
  if (input.amount !== undefined && input.amount !== null) {
    if (!(Number.isFinite(input.amount) && input.amount >= 0 && input.amount < 1e12)) p('amount', '投资额（万元）应为不小于 0 的数', 'the amount (10k yuan) must be a number ≥ 0');
    else amount = Math.round(input.amount * 100) / 100;
  } else if (list === 'project') p('amount', '重点项目须填写投资额（万元）', 'a key project needs its amount (10k yuan)');
  let stage: ProjectStage | null = null;
  if (list === 'project') {
    const s = text(input.stage) ?? 'planning';
    if (!(s in PROJECT_STAGES)) p('stage', `项目阶段「${s}」无法识别（应为 ${Object.values(PROJECT_STAGES).map((x) => x.zh).join('、')}）`, `unknown stage "${s}"`);
    else stage = s as ProjectStage;
  }
  const statuses = ITEM_STATUSES[list];
  let status: string | null = DEFAULT_STATUS[list];
  if (text(input.status) && list !== 'leading') {
    status = text(input.status);
    if (!(status! in statuses)) p('status', `状态「${status}」无法识别（应为 ${Object.values(statuses).map((x) => x.zh).join('、')}）`, `unknown status "${status}"`);
  }
  let chokepoint: string | null = null;
  if (list === 'technology' && text(input.chokepointId)) {
    chokepoint = text(input.chokepointId);
    if (!UUID.test(chokepoint!) || !ctx.chokepoints.has(chokepoint!)) p('chokepointId', '所选卡点不是本产业链标记的卡点', 'not a chokepoint marked for this chain');
  }
  const issuedOn = text(input.issuedOn);
  if (issuedOn !== null && !validDate(issuedOn)) p('issuedOn', `发文日期「${issuedOn}」应为 YYYY-MM-DD`, `the date issued "${issuedOn}" must be YYYY-MM-DD`);
  if (list === 'policy' && !text(input.issuer)) p('issuer', '请填写发文单位', 'the issuer is required');
  const link = text(input.link);
  if (link !== null && !/^https?:\/\/\S+$/i.test(link)) p('link', '链接应以 http:// 或 https:// 开头', 'the link must start with http:// or https://');
  const asOf = text(input.asOf) ?? ctx.today;
  if (!validDate(asOf)) p('asOf', `截至日期「${asOf}」应为 YYYY-MM-DD`, `the as-of date "${asOf}" must be YYYY-MM-DD`);
  // Every message names its field as the form labels it: the user reads it in a toast as well as under the field.
  const longLabels = { role: list === 'technology' ? { zh: '牵头企业/机构', en: 'the lead enterprise or institute' } : { zh: '角色', en: 'the role' }, issuer: { zh: '发文单位', en: 'the issuer' }, docNumber: { zh: '文号', en: 'the document number' }, note: { zh: '备注', en: 'the note' } };
  for (const f of ['role', 'issuer', 'docNumber', 'note'] as const) {
    if ((input[f]?.length ?? 0) > MAX_TEXT) p(f, `${longLabels[f].zh}不超过 ${MAX_TEXT} 字`, `${longLabels[f].en} is at most ${MAX_TEXT} characters`);
  }
  if (problems.length) return { problems };
  const only = <T>(lists: ChiefList[], v: T): T | null => (lists.includes(list) ? v : null);
  return {
    values: {
      list,
      name: name!,
      segment_key: only(['leading', 'project', 'gap', 'technology'], segmentKey),
      uscc: only(['leading', 'project', 'technology'], uscc),
      role: only(['leading', 'technology'], text(input.role)),
      amount: only(['project'], amount),
      stage,
      status,
      chokepoint_id: chokepoint,
      issuer: only(['policy'], text(input.issuer)),
      doc_number: only(['policy'], text(input.docNumber)),
      issued_on: only(['policy'], issuedOn),
      link: only(['policy'], link),
      note: text(input.note),
      as_of: asOf,
    },
  };
}

/** What makes an item the same as another of its list: the name (spacing and letter case aside), and for a 链主企业 its USCC. */
const sameName = (a: string) => a.replace(/\s+/g, '').toLowerCase();

/**
 * The problem when an item repeats one already on its list (another item than `exceptId`): the same name, or a 链主企业
 * of the same USCC. A key project's partner and a technology's lead enterprise may recur (one enterprise, several
 * projects), so their USCC does not make an item a repeat.
 * @example duplicateProblem({ list: 'leading', name: '甲', uscc: '9112…' }, existing, null) // { field: 'uscc', zh: '链主企业清单中已有…' }
 */
export function duplicateProblem(item: Pick<ChiefItemValues, 'list' | 'name' | 'uscc'>, existing: readonly { id: string; list: string; name: string; uscc: string | null }[], exceptId: string | null): ItemProblem | null {
  const others = existing.filter((e) => e.list === item.list && e.id !== exceptId);
  const list = CHIEF_LISTS[item.list];
  const byUscc = item.list === 'leading' && item.uscc ? others.find((e) => e.uscc === item.uscc) : undefined;
  if (byUscc) return { field: 'uscc', zh: `${list.sheet}中已有统一社会信用代码为「${item.uscc}」的「${byUscc.name}」，不能重复添加`, en: `${list.en} already has "${byUscc.name}" of USCC "${item.uscc}"; it is not added twice` };
  const byName = others.find((e) => sameName(e.name) === sameName(item.name));
  if (byName) return { field: 'name', zh: `${list.sheet}中已有「${byName.name}」，不能重复添加`, en: `${list.en} already has "${byName.name}"; it is not added twice` };
  return null;
}

/** A person of the record (链长, 副链长) as stored: by id when one of org's people, with the name and title as chosen. */
export interface ChiefPerson {
  personId: string | null;
  name: string;
  title: string | null;
}
/** A member of the working group (工作专班). */
export interface WorkingGroupMember {
  unit: string;
  person: string | null;
  role: string | null;
}

/** An item as the sheets read it. */
export interface SheetItem {
  list: ChiefList;
  name: string;
  segmentKey: string | null;
  segmentName: string | null;
  uscc: string | null;
  role: string | null;
  amount: number | null;
  stage: ProjectStage | null;
  status: string | null;
  chokepoint: string | null;
  issuer: string | null;
  docNumber: string | null;
  issuedOn: string | null;
  link: string | null;
  note: string | null;
  asOf: string;
  updatedAt: string;
  updatedBy: string | null;
}

const statusName = (list: ChiefList, s: string | null) => (s ? (ITEM_STATUSES[list][s]?.zh ?? s) : '');

/** The header and rows of one list's 清单 sheet. */
export function listSheet(list: ChiefList, items: SheetItem[]): { header: string[]; rows: (string | number)[][] } {
  const mine = items.filter((i) => i.list === list);
  const n = (i: number) => i + 1;
  switch (list) {
    case 'leading':
      return { header: ['序号', '企业名称', '统一社会信用代码', '角色', '所属环节', '备注', '截至日期'], rows: mine.map((i, k) => [n(k), i.name, i.uscc ?? '', i.role ?? '', i.segmentName ?? '', i.note ?? '', i.asOf]) };
    case 'project':
      return {
        header: ['序号', '项目名称', '投资额（万元）', '阶段', '合作企业统一社会信用代码', '所属环节', '状态', '备注', '截至日期'],
        rows: mine.map((i, k) => [n(k), i.name, i.amount ?? '', i.stage ? PROJECT_STAGES[i.stage].zh : '', i.uscc ?? '', i.segmentName ?? '', statusName(list, i.status), i.note ?? '', i.asOf]),
      };
    case 'gap':
      return { header: ['序号', '补链事项', '环节', '状态', '说明', '截至日期'], rows: mine.map((i, k) => [n(k), i.name, i.segmentName ?? '', statusName(list, i.status), i.note ?? '', i.asOf]) };
    case 'technology':
      return {
        header: ['序号', '攻关技术', '环节', '牵头企业/机构', '牵头企业统一社会信用代码', '对应卡点', '状态', '备注', '截至日期'],
        rows: mine.map((i, k) => [n(k), i.name, i.segmentName ?? '', i.role ?? '', i.uscc ?? '', i.chokepoint ?? '', statusName(list, i.status), i.note ?? '', i.asOf]),
      };
    case 'policy':
      return { header: ['序号', '政策名称', '发文单位', '文号', '发文日期', '链接', '状态', '备注', '截至日期'], rows: mine.map((i, k) => [n(k), i.name, i.issuer ?? '', i.docNumber ?? '', i.issuedOn ?? '', i.link ?? '', statusName(list, i.status), i.note ?? '', i.asOf]) };
  }
}

/** The 台账: every item of every list, with its status and dates, in list order. */
export function ledgerSheet(items: SheetItem[]): { header: string[]; rows: (string | number)[][] } {
  const ordered = CHIEF_LIST_KEYS.flatMap((l) => items.filter((i) => i.list === l));
  return {
    header: ['序号', '清单', '事项', '环节', '阶段', '状态', '截至日期', '更新时间', '更新人'],
    rows: ordered.map((i, k) => [k + 1, CHIEF_LISTS[i.list].zh, i.name, i.segmentName ?? '', i.stage ? PROJECT_STAGES[i.stage].zh : '', statusName(i.list, i.status), i.asOf, i.updatedAt.slice(0, 10), i.updatedBy ?? '']),
  };
}

const STAGE_NAMES: Record<string, string> = { upstream: '上游', midstream: '中游', downstream: '下游' };

/**
 * The 图谱 sheet: the chain's segments by stage (上游、中游、下游, in the chain's order), each with the enterprises linked
 * to it (or a segment under it) in the region, as of the newest of those links (a segment with none: `asOf`, the
 * date of the newest link counted anywhere on the sheet), and the items of the lists that touch it (or a segment under it).
 */
export function atlasSheet(
  segments: { key: string; parent: string | null; stage: string | null; name: string }[],
  enterprises: ReadonlyMap<string, { count: number; asOf: string }>,
  items: SheetItem[],
  asOf: string,
): { header: string[]; rows: (string | number)[][] } {
  const parent = new Map(segments.map((s) => [s.key, s.parent]));
  const depth = (k: string) => {
    let d = 0;
    for (let p = parent.get(k); p; p = parent.get(p)) d++;
    return d;
  };
  const stageOf = (k: string): string | null => {
    let s: string | null = k;
    while (parent.get(s!)) s = parent.get(s!)!;
    return segments.find((x) => x.key === s)?.stage ?? null;
  };
  const under = (key: string, k: string | null) => {
    for (let p = k; p; p = parent.get(p) ?? null) if (p === key) return true;
    return false;
  };
  const order = ['upstream', 'midstream', 'downstream'];
  const sorted = [...segments].sort((a, b) => order.indexOf(stageOf(a.key) ?? '') - order.indexOf(stageOf(b.key) ?? ''));
  return {
    header: ['环节段', '环节', '层级', '本地区企业数', '链主企业', '重点项目', '补链', '攻关', '涉及事项', '截至日期'],
    rows: sorted.map((s) => {
      const touching = items.filter((i) => under(s.key, i.segmentKey));
      const count = (l: ChiefList) => touching.filter((i) => i.list === l).length;
      return [
        STAGE_NAMES[stageOf(s.key) ?? ''] ?? '',
        `${'　'.repeat(depth(s.key))}${s.name}`,
        depth(s.key) + 1,
        enterprises.get(s.key)?.count ?? 0,
        count('leading'),
        count('project'),
        count('gap'),
        count('technology'),
        touching.map((i) => `${CHIEF_LISTS[i.list].zh}：${i.name}`).join('；'),
        enterprises.get(s.key)?.asOf ?? asOf,
      ];
    }),
  };
}
