import { bilingual } from '../../lib/bilingual.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Guards of the anonymous registration form: how many attempts one address may make in a window, how large a form
 * may be, and how many participants public registration may bring to one event.
 */
export const PUBLIC_FORM = {
  /** Attempts (accepted or refused) one address may make in WINDOW_MS, over every event. */
  attemptsPerWindow: 20,
  windowMs: 10 * 60_000,
  /** The form's largest body in bytes (the longest description of 2,000 characters, in UTF-8, and the rest). */
  bodyLimit: 32 * 1024,
  /** Registrations beyond this many participants of one event are refused (the organiser may still add more). */
  maxParticipants: 5000,
} as const;

/**
 * Guards of personal links (个人链接): requests one address may make through any link in a window (a page opening
 * makes a few; guessing a 192-bit secret is hopeless anyway, and every miss is the same 404).
 */
export const SELF_LINK = {
  attemptsPerWindow: 600,
  windowMs: 10 * 60_000,
} as const;

/**
 * A sliding-window counter per key: `hit` records one attempt and answers how many milliseconds the caller must wait
 * (0 when it may go on). In memory, per server process: a public form's flood guard, not an audit.
 * @example const w = new AttemptWindow(2, 1000); w.hit('a', 0); w.hit('a', 10); w.hit('a', 20) // 980
 */
export class AttemptWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Keys kept at most; the oldest are forgotten first, so a spray of addresses cannot fill the memory. */
    readonly maxKeys = 50_000,
  ) {}

  hit(key: string, now: number): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return this.windowMs - (now - recent[0]!);
    }
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }

  clear(): void {
    this.hits.clear();
  }
}

/** A registration window's edge as the form shows it: "2030-05-01 09:00" in China time. */
export function chinaTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Why registration is not open now, in both languages, or null when it is. */
export function registrationClosedReason(ev: { status: string; registration_opens_at: Date | string | null; registration_closes_at: Date | string | null }, now: Date): { zh: string; en: string } | null {
  const opens = ev.registration_opens_at ? new Date(ev.registration_opens_at) : null;
  const closes = ev.registration_closes_at ? new Date(ev.registration_closes_at) : null;
  if (opens && now < opens) return { zh: `报名尚未开始，将于 ${chinaTime(opens)} 开始`, en: `registration has not opened yet; it opens at ${chinaTime(opens)} (China time)` };
  if (closes && now > closes) return { zh: `报名已于 ${chinaTime(closes)} 截止`, en: `registration closed at ${chinaTime(closes)} (China time)` };
  if (ev.status !== 'open') return { zh: '活动当前不接受报名', en: 'the event does not take registrations now' };
  return null;
}

/** An event by invitation answers its public link with this (403), not with a bare "not found". */
export const invitationOnly = () =>
  new AppError('invitation_only', 403, bilingual('该活动仅限受邀单位参加，不开放公开报名，请联系主办单位', 'this event is by invitation only and takes no public registrations; please contact the organiser'));
