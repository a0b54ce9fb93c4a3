import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { getIntermediary } from '../atlas/atlas.intermediaries.service.ts';
import { openLink } from './events.self.service.ts';
import { inviteIntermediaryMembers } from './events.invite.service.ts';
import { createEvent, eventDetail, registerParticipant } from './events.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext; // editor of 市发展改革委: the organiser
let gxj: ServiceContext; // editor of 市工信局: not the organiser
let eventId: string;
let allianceId: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [fgw, gxj] = await Promise.all(['fgw', 'gxj'].map((u) => contextAs(h, u)));
  const ev = await createEvent(fgw, {
    name: '氢能产业链供需对接会（测试）',
    startsOn: '2030-06-18',
    access: 'invitation',
    slots: { date: '2030-06-18', start: '09:00', count: 3, minutes: 20 },
    tables: 2,
  });
  eventId = ev.event.id;
  allianceId = (await h.db.selectFrom('atlas_intermediaries').select('id').where('region_code', '=', '120000').where('name', '=', '天津市氢能产业联盟（示例）').executeTakeFirstOrThrow()).id;
}, 240_000);
afterAll(async () => h?.close());

describe('routing an event through an intermediary', () => {
  it('registers the alliance’s members as linked participants with personal links, once, for the organiser only', async () => {
    const alliance = await getIntermediary(fgw, allianceId);
    const [first, second] = alliance.members;
    // One member registered by hand beforehand stays as it was.
    await registerParticipant(fgw, eventId, { kind: 'enterprise', name: first!.enterprise!.name, uscc: first!.uscc });
    await expect(inviteIntermediaryMembers(gxj, eventId, allianceId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(inviteIntermediaryMembers(fgw, eventId, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);

    const result = await inviteIntermediaryMembers(fgw, eventId, allianceId);
    expect(result.intermediary.name).toBe('天津市氢能产业联盟（示例）');
    expect(result.already).toEqual([{ name: first!.enterprise!.name, uscc: first!.uscc }]);
    expect(result.invited.map((p) => p.uscc)).toEqual(alliance.members.slice(1).map((m) => m.uscc));
    expect(result.invited[0]).toMatchObject({ name: second!.enterprise!.name, role: second!.role });

    const detail = await eventDetail(fgw, eventId);
    const invited = detail.participants.find((p) => p.uscc === second!.uscc)!;
    expect(invited).toMatchObject({ kind: 'enterprise', status: 'registered', enterprise_id: second!.enterprise!.id });
    expect(detail.participants.filter((p) => p.uscc === first!.uscc)).toHaveLength(1);
    // The personal link in the answer opens the participant's own page.
    expect((await openLink(fgw, eventId, result.invited[0]!.link_token, { address: '10.9.0.1' })).participantId).toBe(invited.id);

    // A second invitation registers nobody twice.
    const again = await inviteIntermediaryMembers(fgw, eventId, allianceId);
    expect(again.invited).toEqual([]);
    expect(again.already).toHaveLength(alliance.members.length);
  });
});
