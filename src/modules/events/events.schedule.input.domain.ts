import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';

/** A meeting slot of an event (e.g. "3", labelled "10:40–11:00"). */
export interface ScheduleSlot {
  id: string;
  label?: string;
}

/**
 * What the meeting scheduler places: slots, K tables (the same in every slot), participants with the slots they
 * can attend, and accepted meeting requests. A request's priority is any positive number; the events module uses
 * 2 = must meet (务必见面) and 1 = would like to meet (希望见面). Unweighted scheduling counts meetings; weighted
 * scheduling sums their priorities.
 */
export interface ScheduleInstance {
  slots: ScheduleSlot[];
  tables: number;
  participants: { id: string; available: string[] }[];
  requests: { id: string; from: string; to: string; priority: number }[];
}

/** An instance the scheduler cannot use; the message names the offending item, "中文 / English". */
export class ScheduleInputError extends ValidationError {
  /** The part of the instance at fault: `slots`, `tables`, `participants`, `requests` or `file`. */
  readonly field: string;

  constructor(zh: string, en: string, field = 'instance') {
    super(bilingual(zh, en));
    this.field = field;
  }
}

/** The largest instance file the CLI reads (100 MB). */
export const MAX_INSTANCE_BYTES = 100 * 1024 * 1024;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Checks a parsed JSON instance and returns it normalised (slot ids as strings, priority 1 when absent). Throws
 * a ScheduleInputError naming the first offending item, prefixed by `source` (the file name) when given.
 * @example parseInstance({ slots: 2, tables: 1, participants: [{ id: 'a', available: [1, 2] }, { id: 'b', available: ['2'] }], requests: [{ id: 'r1', from: 'a', to: 'b' }] })
 */
export function parseInstance(json: unknown, source?: string): ScheduleInstance {
  const at = source ? `${source}: ` : '';
  const fail = (zh: string, en: string, field?: string): never => {
    throw new ScheduleInputError(`${at}${zh}`, `${at}${en}`, field);
  };
  if (!isObject(json)) fail('实例必须是 JSON 对象', 'the instance must be a JSON object');
  const root = json as Record<string, unknown>;

  let slots: ScheduleSlot[] = [];
  if (typeof root.slots === 'number') {
    if (!Number.isInteger(root.slots) || root.slots < 1 || root.slots > 10_000)
      fail(`slots 必须是 1 到 10000 的整数，而不是 ${root.slots}`, `slots must be an integer from 1 to 10000, got ${root.slots}`, 'slots');
    slots = Array.from({ length: root.slots }, (_, i) => ({ id: String(i + 1) }));
  } else if (Array.isArray(root.slots)) {
    const seen = new Set<string>();
    root.slots.forEach((s, i) => {
      const id = isObject(s) ? idOf(s.id) : idOf(s);
      if (id === undefined) fail(`slots[${i}] 缺少 id`, `slots[${i}]: missing id`, 'slots');
      if (seen.has(id!)) fail(`slots[${i}]：时段 id "${id}" 重复`, `slots[${i}]: duplicate slot id "${id}"`, 'slots');
      seen.add(id!);
      const label = isObject(s) && typeof s.label === 'string' ? s.label : undefined;
      slots.push(label === undefined ? { id: id! } : { id: id!, label });
    });
    if (slots.length === 0) fail('slots 不能为空', 'slots must not be empty', 'slots');
  } else fail('缺少 slots（时段数或 [{id,label}] 列表）', 'missing slots (a number of slots or a list of {id,label})', 'slots');

  const tables = root.tables;
  if (typeof tables !== 'number' || !Number.isInteger(tables) || tables < 1)
    fail(`tables 必须是正整数，而不是 ${JSON.stringify(tables)}`, `tables must be a positive integer, got ${JSON.stringify(tables)}`, 'tables');

  const slotIds = new Set(slots.map((s) => s.id));
  const range = typeof root.slots === 'number' ? ` (1..${root.slots})` : '';
  if (!Array.isArray(root.participants)) fail('缺少 participants 列表', 'missing the participants list', 'participants');
  const participants: ScheduleInstance['participants'] = [];
  const participantIds = new Set<string>();
  (root.participants as unknown[]).forEach((p, i) => {
    const id = isObject(p) ? idOf(p.id) : undefined;
    if (id === undefined) fail(`participants[${i}] 缺少 id`, `participants[${i}]: missing id`, 'participants');
    const where = `participants[${i}] (id "${id}")`;
    if (participantIds.has(id!)) fail(`${where}：参会者 id 重复`, `${where}: duplicate participant id`, 'participants');
    participantIds.add(id!);
    const available = (p as Record<string, unknown>).available;
    if (!Array.isArray(available)) fail(`${where}：缺少 available 时段列表`, `${where}: missing the available list of slots`, 'participants');
    const ids: string[] = [];
    for (const s of available as unknown[]) {
      const sid = idOf(s);
      if (sid === undefined || !slotIds.has(sid))
        fail(`${where}：时段 ${JSON.stringify(s)} 不存在${range}`, `${where}: slot ${JSON.stringify(s)} is out of range or unknown${range}`, 'participants');
      if (!ids.includes(sid!)) ids.push(sid!);
    }
    if (ids.length === 0) fail(`${where}：没有任何可参会时段`, `${where}: has no available slot`, 'participants');
    participants.push({ id: id!, available: ids });
  });

  if (!Array.isArray(root.requests)) fail('缺少 requests 列表', 'missing the requests list', 'requests');
  const requests: ScheduleInstance['requests'] = [];
  const requestIds = new Map<string, number>();
  const pairs = new Map<string, number>();
  (root.requests as unknown[]).forEach((r, i) => {
    const id = isObject(r) ? idOf(r.id) : undefined;
    if (id === undefined) fail(`requests[${i}] 缺少 id`, `requests[${i}]: missing id`, 'requests');
    const where = `requests[${i}] (id "${id}")`;
    const prior = requestIds.get(id!);
    if (prior !== undefined) fail(`${where}：与 requests[${prior}] 的 id 重复`, `${where}: duplicate request id (also requests[${prior}])`, 'requests');
    requestIds.set(id!, i);
    const rec = r as Record<string, unknown>;
    const from = idOf(rec.from);
    const to = idOf(rec.to);
    for (const [side, v] of [['from', from], ['to', to]] as const) {
      if (v === undefined) fail(`${where}：缺少 ${side}`, `${where}: missing ${side}`, 'requests');
      if (!participantIds.has(v!)) fail(`${where}：参会者 "${v}" 不存在`, `${where}: unknown participant "${v}"`, 'requests');
    }
    if (from === to) fail(`${where}：不能与自己约见（"${from}"）`, `${where}: a request from "${from}" to itself`, 'requests');
    const pair = from! < to! ? `${from}\u0000${to}` : `${to}\u0000${from}`;
    const same = pairs.get(pair);
    if (same !== undefined)
      fail(`${where}：与 requests[${same}] 重复（"${from}" 与 "${to}"）`, `${where}: duplicate request, "${from}" and "${to}" already meet in requests[${same}]`, 'requests');
    pairs.set(pair, i);
    const priority = rec.priority ?? 1;
    if (typeof priority !== 'number' || !Number.isFinite(priority) || priority <= 0)
      fail(`${where}：优先级必须是正数，而不是 ${JSON.stringify(priority)}`, `${where}: priority must be a positive number, got ${JSON.stringify(priority)}`, 'requests');
    requests.push({ id: id!, from: from!, to: to!, priority: priority as number });
  });

  return { slots, tables: tables as number, participants, requests };
}
