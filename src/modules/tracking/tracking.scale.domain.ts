import { dayNumber, reportDueDates, roundPercent } from './tracking.progress.domain.ts';
import { periodOf } from './tracking.reports.domain.ts';

/**
 * Generated data at scale (`luoshi seed --scale city|province`), computed without I/O: a few issued plans with parts
 * and articles, tasks with lead and supporting units and leaders, deadlines spread over the years, and monthly reports
 * whose percents progress over time (some late, some missing, some returned, some awaiting review), so that once
 * stored and recomputed every class (超进度 … 逾期) and every warning (蓝/黄/红/none) occurs. Deterministic: the
 * same spec, seed and day give the same rows, ids included.
 */

/** How much to generate. `reports` is exact: every task reports each month, a few supporting units on top. */
export interface ScaleSpec {
  name: string;
  tasks: number;
  units: number;
  reports: number;
  plans: number;
  leaders: number;
  regionCode: string;
}

export const SCALES: Record<'city' | 'province', ScaleSpec> = {
  // Tianjin: 2 years of monthly reports on 2,000 tasks.
  city: { name: 'city', tasks: 2_000, units: 200, reports: 48_000, plans: 4, leaders: 12, regionCode: '120000' },
  // Hebei: 10 months of reports on 100,000 tasks.
  province: { name: 'province', tasks: 100_000, units: 3_000, reports: 1_000_000, plans: 24, leaders: 40, regionCode: '130000' },
};

/** A 32-bit seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped uuid from the PRNG. */
export function uuidFrom(rand: () => number): string {
  const h: string[] = [];
  for (let i = 0; i < 4; i++) h.push(Math.floor(rand() * 4294967296).toString(16).padStart(8, '0'));
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[parseInt(s[16], 16) & 3]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** Noon in China (04:00 UTC) of a day: its local day is that day whatever the server's zone. */
export const noonOf = (iso: string) => `${iso}T04:00:00Z`;
const zh = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日前`;

const DEPARTMENTS = [
  '发展和改革委员会', '工业和信息化局', '科学技术局', '商务局', '财政局', '教育局', '民政局', '人力资源和社会保障局', '自然资源和规划局',
  '生态环境局', '住房和城乡建设局', '交通运输局', '水务局', '农业农村局', '文化和旅游局', '卫生健康委员会', '应急管理局', '审计局',
  '市场监督管理局', '统计局', '医疗保障局', '政务服务办公室', '数据局', '地方金融管理局', '国有资产监督管理委员会', '体育局', '退役军人事务局',
  '城市管理委员会', '人民防空办公室', '信访办公室', '外事办公室', '合作交流办公室', '工商业联合会', '科学技术协会', '投资促进局',
  '林业局', '粮食和物资储备局', '能源局', '知识产权局', '药品监督管理局',
];
const PLACES = ['', '新城区', '老城区', '高新区', '经开区', '东区', '西区', '南区', '北区', '临港区', '港城区', '山前区', '滨河区'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = ['建国', '志强', '海涛', '晓明', '红梅', '丽华', '国庆', '伟', '静', '磊', '军', '洋', '勇', '艳', '杰', '娜', '涛', '明', '超', '秀英'];
const PART_TOPICS = ['推动产业链协同', '优化营商环境', '扩大有效投资', '强化科技创新', '深化改革开放', '保障和改善民生', '推进绿色低碳发展', '强化组织保障'];
const VERBS = ['推进', '实施', '完善', '建设', '落实', '开展', '组织', '制定'];
const OBJECTS = ['重点产业链招商项目', '企业服务专员制度', '产业园区基础设施', '高新技术企业培育计划', '政务服务“一网通办”', '老旧小区改造工程', '产学研协同创新平台', '重点项目要素保障机制', '中小企业融资服务', '区域协同合作机制', '数字化转型试点', '人才引进专项计划'];

/** The region a generated unit sits in: the province's prefectures, or the city's districts. */
export interface RegionChoice {
  code: string;
  name: string;
}

export interface ScaleUnit {
  id: string;
  region_code: string;
  name: string;
  short_name: string;
  kind: 'bureau' | 'commission' | 'office' | 'district_government';
  sort_order: number;
  leader: number;
}

export interface ScalePerson {
  id: string;
  name: string;
  title: string;
  unitIndex: number;
}

export interface ScaleNode {
  region_code: string;
  plan_id: string;
  node_key: string;
  parent_key: string | null;
  position: number;
  depth: number;
  kind: string;
  marker: string;
  heading: string;
  body: string;
  ordinal: number;
}

export interface ScalePlan {
  id: string;
  title: string;
  doc_number: string;
  tasks: number;
  /** Each part with its article node keys. */
  parts: { heading: string; articles: string[] }[];
  nodes: ScaleNode[];
}

/** Which class or warning a generated task is meant to reach (the recompute decides; these make each one occur). */
export type Profile = 'ahead' | 'on_track' | 'behind' | 'blue' | 'late1' | 'late2' | 'overdue' | 'done' | 'long_term';
const PROFILE_WEIGHTS: [Profile, number][] = [
  ['on_track', 30], ['ahead', 14], ['behind', 14], ['blue', 6], ['late1', 6], ['late2', 5], ['overdue', 9], ['done', 8], ['long_term', 8],
];

export interface ScaleTask {
  id: string;
  plan_id: string;
  position: number;
  seq: string;
  part: string;
  node_key: string;
  title: string;
  task_kind: 'one_off' | 'phased' | 'ongoing';
  deadline_text: string;
  due_date: string | null;
  ongoing: boolean;
  closed_at: string | null;
  profile: Profile;
  lead: number;
  co: number[];
  leader: number;
  /** A phased task's milestone with the percent expected by its date. */
  milestone: { title: string; due_date: string; percent: number } | null;
}

export interface ScaleReport {
  id: string;
  plan_id: string;
  task_id: string;
  unit: number;
  role: 'lead' | 'co';
  kind: 'progress' | 'closing';
  period: string;
  period_end: string;
  due_date: string;
  status: 'draft' | 'submitted' | 'returned' | 'accepted';
  done_text: string;
  percent: number | null;
  problems: string;
  next_steps: string;
  return_reason: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
}

/** The fixed part of a generated world: units, leaders, plans, and the reporting months. */
export interface ScaleWorld {
  spec: ScaleSpec;
  asOf: string;
  effective: string;
  dues: string[];
  units: ScaleUnit[];
  people: ScalePerson[];
  plans: ScalePlan[];
}

/**
 * The units, leaders and plans of a scale, and the months reported: the `months` latest report due days (the 25th)
 * before asOf, from a plan effective date on the first of the first of them. Unit names in `taken` (the region's
 * existing units) are skipped.
 */
export function scaleWorld(spec: ScaleSpec, asOf: string, regions: RegionChoice[], seed = 1, taken: ReadonlySet<string> = new Set()): ScaleWorld {
  dayNumber(asOf);
  if (spec.tasks < 1 || spec.units < 4 || spec.plans < 1 || spec.leaders < 1 || spec.reports < spec.tasks * 3) throw new Error('scale too small: at least 1 task, 4 units, 1 plan, 1 leader and 3 reports per task');
  const rand = prng(seed);
  const months = Math.floor(spec.reports / spec.tasks);
  const all = reportDueDates(1, 25, '1900-01-01', isoOf(dayNumber(asOf) - 1));
  const dues = all.slice(-months);
  const effective = `${dues[0].slice(0, 7)}-01`;

  const units: ScaleUnit[] = [];
  const names = new Set<string>();
  outer: for (const place of PLACES) {
    for (const region of regions) {
      for (const [d, dept] of DEPARTMENTS.entries()) {
        if (units.length >= spec.units) break outer;
        const name = `${region.name}${place}${dept}`;
        if (names.has(name) || taken.has(name)) continue;
        names.add(name);
        const short = `${region.name.replace(/[省市]$/, '')}${place}${dept.replace(/(和|委员会|办公室|局)/g, (m) => (m === '委员会' ? '委' : m === '办公室' ? '办' : m === '局' ? '局' : ''))}`;
        units.push({
          id: uuidFrom(rand),
          region_code: region.code,
          name,
          short_name: short.slice(0, 30),
          kind: dept.endsWith('委员会') ? 'commission' : dept.endsWith('办公室') ? 'office' : 'bureau',
          sort_order: 1000 + units.length,
          leader: (units.length + d) % spec.leaders,
        });
      }
    }
  }
  if (units.length < spec.units) throw new Error(`cannot name ${spec.units} units in ${regions.length} regions`);

  const people: ScalePerson[] = [];
  for (let i = 0; i < spec.leaders; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length + i) % GIVEN.length]}`;
    people.push({ id: uuidFrom(rand), name: people.some((p) => p.name === name) ? `${name}${i}` : name, title: i === 0 ? '常务副省（市）长' : '副省（市）长', unitIndex: i % units.length });
  }

  // Plan sizes: the first plan is the big one (a quarter of the tasks), the rest share what is left.
  const sizes: number[] = [];
  const first = spec.plans === 1 ? spec.tasks : Math.ceil(spec.tasks / 4);
  sizes.push(first);
  for (let p = 1; p < spec.plans; p++) {
    const left = spec.tasks - sizes.reduce((a, b) => a + b, 0);
    sizes.push(p === spec.plans - 1 ? left : Math.floor(left / (spec.plans - p)));
  }
  const year = Number(effective.slice(0, 4));
  const plans: ScalePlan[] = sizes.map((size, p) => {
    const id = uuidFrom(rand);
    const region = spec.regionCode;
    const partCount = Math.min(PART_TOPICS.length, Math.max(1, Math.ceil(size / 400)));
    const articlesPerPart = Math.max(1, Math.ceil(size / partCount / 25));
    const nodes: ScaleNode[] = [];
    const parts: ScalePlan['parts'] = [];
    for (let k = 0; k < partCount; k++) {
      const key = uuidFrom(rand);
      const marker = `${'一二三四五六七八'[k]}、`;
      nodes.push({ region_code: region, plan_id: id, node_key: key, parent_key: null, position: nodes.length, depth: 1, kind: 'part', marker, heading: PART_TOPICS[k], body: '', ordinal: k + 1 });
      const articles: string[] = [];
      for (let a = 0; a < articlesPerPart; a++) {
        const ak = uuidFrom(rand);
        const ordinal = k * articlesPerPart + a + 1;
        nodes.push({ region_code: region, plan_id: id, node_key: ak, parent_key: key, position: nodes.length, depth: 2, kind: 'item', marker: `（${ordinal}）`, heading: `${VERBS[ordinal % VERBS.length]}${OBJECTS[ordinal % OBJECTS.length]}`, body: `围绕${PART_TOPICS[k]}，${VERBS[ordinal % VERBS.length]}${OBJECTS[ordinal % OBJECTS.length]}，明确责任单位和完成时限。`, ordinal });
        articles.push(ak);
      }
      parts.push({ heading: `${marker}${PART_TOPICS[k]}`, articles });
    }
    return { id, title: `${year}—${year + 2}年重点任务分工方案（规模测试${p + 1}）`, doc_number: `规模〔${year}〕${p + 1}号`, tasks: size, parts, nodes };
  });
  return { spec, asOf, effective, dues, units, people, plans };
}

function pick<T>(rand: () => number, weights: [T, number][]): T {
  const total = weights.reduce((a, [, w]) => a + w, 0);
  let r = rand() * total;
  for (const [v, w] of weights) {
    r -= w;
    if (r < 0) return v;
  }
  return weights[weights.length - 1][0];
}

/** Linear expected percent from the effective date to the deadline (without milestones: enough to shape percents). */
function linear(effective: string, due: string | null, day: string): number {
  if (due === null) return 0;
  const s = dayNumber(effective);
  const e = dayNumber(due);
  const t = dayNumber(day);
  if (t >= e) return 100;
  if (t <= s) return 0;
  return ((t - s) * 100) / (e - s);
}

const clamp = (p: number) => Math.min(100, Math.max(0, p));

/**
 * The tasks of the world with their reports, in batches of about `batch` tasks (so a province never sits in memory
 * at once). The reports total exactly spec.reports: `months` per task (a missed lead report replaced by a supporting
 * unit's report to the lead unit for that month), plus one supporting unit's report on each of the first tasks.
 */
export function* scaleBatches(world: ScaleWorld, seed = 1, batch = 5_000): Generator<{ tasks: ScaleTask[]; reports: ScaleReport[] }> {
  const { spec, asOf, effective, dues } = world;
  const rand = prng(seed * 7919 + 17);
  const months = dues.length;
  let extra = spec.reports - spec.tasks * months;
  const today = dayNumber(asOf);
  const n = world.units.length;
  let tasks: ScaleTask[] = [];
  let reports: ScaleReport[] = [];
  let position = 0;
  for (const plan of world.plans) {
    const articles = plan.parts.flatMap((part) => part.articles.map((key) => ({ part: part.heading, key })));
    for (let i = 0; i < plan.tasks; i++) {
      const id = uuidFrom(rand);
      // The first tasks of the first plan take one profile each, so a small scale still shows them all.
      const profile = position < PROFILE_WEIGHTS.length ? PROFILE_WEIGHTS[position][0] : pick(rand, PROFILE_WEIGHTS);
      position++;
      const art = articles[Math.floor((i * articles.length) / plan.tasks)];
      const lead = Math.floor(rand() * n);
      const coCount = 1 + Math.floor(rand() * 3);
      const co: number[] = [];
      for (let c = 1; co.length < coCount && c < n; c++) {
        const u = (lead + c * 7 + Math.floor(rand() * 5)) % n;
        if (u !== lead && !co.includes(u)) co.push(u);
      }
      let due: string | null;
      if (profile === 'overdue') due = isoOf(dayNumber(dues[Math.min(2, months - 1)]) + Math.floor(rand() * (today - dayNumber(dues[Math.min(2, months - 1)]) - 1)));
      else if (profile === 'blue') due = isoOf(today + 1 + Math.floor(rand() * 14));
      else if (profile === 'long_term') due = null;
      else if (profile === 'done') due = isoOf(today + 20 + Math.floor(rand() * 700));
      else due = isoOf(today + 90 + Math.floor(rand() * 900));
      const phased = profile !== 'long_term' && profile !== 'overdue' && rand() < 0.15;
      const milestone = phased && due ? { title: '完成阶段性目标', due_date: isoOf(Math.floor((dayNumber(effective) + dayNumber(due)) / 2)), percent: 50 } : null;
      const verb = VERBS[Math.floor(rand() * VERBS.length)];
      const object = OBJECTS[Math.floor(rand() * OBJECTS.length)];
      const task: ScaleTask = {
        id,
        plan_id: plan.id,
        position: i,
        seq: String(i + 1),
        part: art.part,
        node_key: art.key,
        title: `${verb}${object}（第${i + 1}项），形成可量化的工作成果。`,
        task_kind: profile === 'long_term' ? 'ongoing' : phased ? 'phased' : 'one_off',
        deadline_text: due === null ? '长期坚持' : zh(due),
        due_date: due,
        ongoing: profile === 'long_term',
        closed_at: profile === 'done' ? noonOf(isoOf(today - 1)) : null,
        profile,
        lead,
        co,
        leader: world.units[lead].leader,
        milestone,
      };
      tasks.push(task);

      // One report per month; the percents rise with expected progress, offset by the task's profile.
      const offset = profile === 'ahead' ? 12 + rand() * 8 : profile === 'behind' ? -(14 + rand() * 20) : profile === 'overdue' ? -(10 + rand() * 30) : rand() * 4 - 2;
      let last = 0;
      for (let k = 0; k < months; k++) {
        const dueDay = dues[k];
        const p = periodOf('monthly', dueDay, 25);
        const latest = k === months - 1;
        const closing = profile === 'done' && latest;
        // The latest report tells where the task stands now (so a task on track is judged on track on asOf).
        let pct: number | null = profile === 'long_term' ? null : closing ? 100 : clamp(linear(effective, due, latest ? asOf : dueDay) + offset);
        if (profile === 'overdue' && pct !== null) pct = Math.min(pct, 90);
        if (pct !== null) pct = last = Math.max(last, roundPercent(pct));
        // Late: the latest report (late1, late2) and the one before it (late2) came after the due day; late2's latest
        // never came from the lead unit (its supporting unit's report stands in the month's place).
        const lateK = (profile === 'late1' && latest) || (profile === 'late2' && k === months - 2);
        const missing = profile === 'late2' && latest;
        let submitted = dayNumber(dueDay) - 1 - Math.floor(rand() * 6);
        if (lateK) submitted = dayNumber(dueDay) + 1 + Math.floor(rand() * 4);
        const lateTooLate = submitted >= today;
        const roll = rand();
        const status: ScaleReport['status'] =
          latest && !closing && profile !== 'late1' && profile !== 'late2' ? (roll < 0.08 ? 'returned' : roll < 0.2 ? 'submitted' : 'accepted') : 'accepted';
        const reviewed = Math.min(submitted + 1 + Math.floor(rand() * 2), today - 1);
        const asLead = !missing && !lateTooLate;
        reports.push({
          id: uuidFrom(rand),
          plan_id: plan.id,
          task_id: id,
          unit: asLead ? lead : co[0] ?? lead,
          role: asLead ? 'lead' : 'co',
          kind: closing ? 'closing' : 'progress',
          period: p.key,
          period_end: p.end,
          due_date: dueDay,
          status: asLead ? status : 'submitted',
          done_text: closing ? `${object}各项工作已全部完成，申请办结。` : `${p.key}：${verb}${object}，完成阶段工作${pct === null ? '' : `，累计完成${pct}%`}。`,
          percent: asLead ? pct : null,
          problems: status === 'returned' || profile === 'behind' ? '项目用地、资金等要素保障仍需协调。' : '',
          next_steps: '按计划推进下阶段工作。',
          return_reason: asLead && status === 'returned' ? '请补充佐证材料和量化数据。' : null,
          submitted_at: noonOf(isoOf(Math.min(submitted, today - 1))),
          reviewed_at: asLead && (status === 'accepted' || status === 'returned') ? noonOf(isoOf(Math.max(reviewed, Math.min(submitted, today - 1)))) : null,
        });
      }
      if (extra > 0 && co.length) {
        extra--;
        // The month before the latest: a late2 task's supporting unit may already stand in for the latest month.
        const dueDay = dues[months - 2];
        const p = periodOf('monthly', dueDay, 25);
        const coUnit = co[co.length - 1];
        reports.push({
          id: uuidFrom(rand),
          plan_id: plan.id,
          task_id: id,
          unit: coUnit,
          role: 'co',
          kind: 'progress',
          period: p.key,
          period_end: p.end,
          due_date: dueDay,
          status: 'submitted',
          done_text: `${p.key}：配合牵头单位${verb}${object}，提供相关材料。`,
          percent: null,
          problems: '',
          next_steps: '继续配合牵头单位推进。',
          return_reason: null,
          submitted_at: noonOf(isoOf(Math.min(dayNumber(dueDay) - 2, today - 1))),
          reviewed_at: null,
        });
      }
      if (tasks.length >= batch) {
        yield { tasks, reports };
        tasks = [];
        reports = [];
      }
    }
  }
  if (extra > 0) throw new Error(`${extra} reports left over: too many reports for the tasks`);
  if (tasks.length) yield { tasks, reports };
}
