import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { AppError, ConflictError, RateLimitedError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { AttemptWindow, invitationOnly, PUBLIC_FORM, registrationClosedReason } from './events.public.domain.ts';
import * as repo from './events.repo.ts';
import { registerParticipant, type ParticipantFields } from './events.service.ts';

/** One window for the whole process: every public form shares it. */
export const publicAttempts = new AttemptWindow(PUBLIC_FORM.attemptsPerWindow, PUBLIC_FORM.windowMs);

/**
 * Registers a participant from the public form, signed in or not: only on a public event (a draft is not found, an
 * event by invitation says so) while its registration window is open (else the window is named), at most
 * {@link PUBLIC_FORM.attemptsPerWindow} attempts per address per window (429 with the wait), and while the event has
 * fewer than {@link PUBLIC_FORM.maxParticipants} participants. The form then goes through {@link registerParticipant}
 * (the 统一社会信用代码 checked with the atlas's rule, one code registering once).
 */
export async function registerPublicly(ctx: ServiceContext, eventId: string, input: Omit<ParticipantFields, 'userId'>, client: { address: string; now?: Date }) {
  const now = client.now ?? new Date();
  const wait = publicAttempts.hit(client.address, now.getTime());
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    throw new RateLimitedError(bilingual(`提交过于频繁，请 ${minutes} 分钟后再试`, `too many registrations from this address; try again in ${minutes} min`), Math.ceil(wait / 1000));
  }
  const ev = await repo.findEventById(ctx.db, eventId);
  if (!ev || ev.status === 'draft') throw bilingualNotFound(`活动 ${eventId} 不存在`, `Event ${eventId}`);
  if (ev.access !== 'public') throw invitationOnly();
  const closed = registrationClosedReason(ev, now);
  if (closed) throw new AppError('registration_closed', 409, bilingual(closed.zh, closed.en));
  const { n } = await ctx.db
    .selectFrom('event_participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('region_code', '=', ev.region_code)
    .where('event_id', '=', ev.id)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  if (Number(n) >= PUBLIC_FORM.maxParticipants) throw new ConflictError(bilingual(`报名人数已满（${PUBLIC_FORM.maxParticipants} 家）`, `the event is full (${PUBLIC_FORM.maxParticipants} participants)`));
  const { userId: _ignored, ...fields } = input as ParticipantFields;
  return registerParticipant(ctx, eventId, fields);
}
