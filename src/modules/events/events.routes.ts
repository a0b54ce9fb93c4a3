import type { FastifyInstance } from 'fastify';
import { ForbiddenError } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { sendDownload } from '../../lib/http-files.ts';
import { type ApiTypeProvider, FileResponse, NoContent } from '../../lib/typebox.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
import * as S from './events.schema.ts';
import { PUBLIC_FORM } from './events.public.domain.ts';
import * as events from './events.service.ts';

/** HTTP routes of matchmaking events: the event, participants and their offers and needs, requests, meetings, check-in. */
export async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['events'];

  app.get('/api/events', { config: { permission: 'event.read' }, schema: { tags, response: { 200: S.EventList } } }, async (req) => events.listEvents(req.ctx));
  app.post(
    '/api/events',
    { config: { permission: 'event.create' }, schema: { tags, description: 'Create an event with its slots (laid out from a plan) and tables', body: S.EventCreateBody, response: { 201: S.EventDetail } } },
    async (req, reply) => {
      reply.status(201);
      return events.createEvent(req.ctx, req.body);
    },
  );
  app.get('/api/events/:id', { config: { permission: 'event.read' }, schema: { tags, params: S.IdParams, response: { 200: S.EventDetail } } }, async (req) => events.eventDetail(req.ctx, req.params.id));
  app.patch('/api/events/:id', { config: { permission: 'event.manage' }, schema: { tags, params: S.IdParams, body: S.EventUpdateBody, response: { 200: S.EventDetail } } }, async (req) =>
    events.updateEvent(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/events/:id/public',
    { config: { permission: 'public' }, schema: { tags, description: 'The public registration form of a public event', params: S.IdParams, response: { 200: S.PublicEvent } } },
    async (req) => events.publicEvent(req.ctx, req.params.id),
  );
  app.post(
    '/api/events/:id/public/participants',
    {
      config: { permission: 'public' },
      bodyLimit: PUBLIC_FORM.bodyLimit,
      schema: {
        tags,
        description: 'The public registration form: anyone (no account needed) registers for a public event while its registration window is open; a few attempts per address',
        params: S.IdParams,
        body: S.PublicParticipantBody,
        response: { 201: S.RegisteredParticipant },
      },
    },
    async (req, reply) => {
      const result = await (await import('./events.public.service.ts')).registerPublicly(req.ctx, req.params.id, req.body, { address: req.ip });
      reply.status(201);
      return result;
    },
  );
  app.post(
    '/api/events/:id/participants',
    { config: { permission: 'event.register' }, schema: { tags, description: 'Register a participant (organisers; anyone on a public event while registration is open)', params: S.IdParams, body: S.ParticipantBody, response: { 201: S.RegisteredParticipant } } },
    async (req, reply) => {
      reply.status(201);
      return events.registerParticipant(req.ctx, req.params.id, req.body);
    },
  );
  app.post(
    '/api/events/:id/participants/from-intermediary',
    {
      config: { permission: 'event.manage' },
      schema: {
        tags,
        description: "Routes the event through an intermediary (协会、联盟): registers its members in the directory as participants with personal links (organisers); members registered already are left as they are",
        params: S.IdParams,
        body: S.InviteIntermediaryBody,
        response: { 200: S.InviteIntermediaryResult },
      },
    },
    async (req) => (await import('./events.invite.service.ts')).inviteIntermediaryMembers(req.ctx, req.params.id, req.body.intermediaryId),
  );
  app.patch('/api/events/:id/participants/:pid', { config: { permission: 'participant.act' }, schema: { tags, params: S.ParticipantParams, body: S.ParticipantUpdateBody, response: { 200: S.Participant } } }, async (req) =>
    events.updateParticipant(req.ctx, req.params.id, req.params.pid, req.body),
  );
  app.post('/api/events/:id/participants/:pid/offers', { config: { permission: 'participant.act' }, schema: { tags, params: S.ParticipantParams, body: S.OfferBody, response: { 201: S.Offer } } }, async (req, reply) => {
    reply.status(201);
    return events.addOffer(req.ctx, req.params.id, req.params.pid, req.body);
  });
  app.delete('/api/events/:id/participants/:pid/offers/:oid', { config: { permission: 'participant.act' }, schema: { tags, params: S.OfferParams, response: { 204: NoContent } } }, async (req, reply) => {
    await events.deleteOffer(req.ctx, req.params.id, req.params.pid, req.params.oid);
    reply.status(204);
    return null;
  });
  app.post(
    '/api/events/:id/participants/:pid/requests',
    { config: { permission: 'participant.act' }, schema: { tags, description: 'Ask another participant for a one-to-one meeting', params: S.ParticipantParams, body: S.RequestBody, response: { 201: S.Request } } },
    async (req, reply) => {
      reply.status(201);
      return events.requestMeeting(req.ctx, req.params.id, req.params.pid, req.body);
    },
  );
  app.post(
    '/api/events/:id/requests/:rid/decision',
    { config: { permission: 'participant.act' }, schema: { tags, description: 'Accept or decline (the invited side) or cancel (the asking side) a meeting request', params: S.RequestParams, body: S.DecisionBody, response: { 200: S.Request } } },
    async (req) => events.decideRequest(req.ctx, req.params.id, req.params.rid, req.body.decision),
  );
  app.post('/api/events/:id/meetings', { config: { permission: 'event.manage' }, schema: { tags, params: S.IdParams, body: S.MeetingBody, response: { 201: S.Meeting } } }, async (req, reply) => {
    reply.status(201);
    return events.addMeeting(req.ctx, req.params.id, req.body);
  });
  app.post('/api/events/:id/meetings/:mid/place', { config: { permission: 'event.manage' }, schema: { tags, params: S.MeetingParams, body: S.PlaceBody, response: { 200: S.Meeting } } }, async (req) =>
    events.placeMeeting(req.ctx, req.params.id, req.params.mid, req.body),
  );
  app.post('/api/events/:id/meetings/:mid/cancel', { config: { permission: 'participant.act' }, schema: { tags, params: S.MeetingParams, response: { 200: S.Meeting } } }, async (req) =>
    events.cancelMeeting(req.ctx, req.params.id, req.params.mid),
  );
  app.post('/api/events/:id/meetings/:mid/attendance', { config: { permission: 'event.manage' }, schema: { tags, params: S.MeetingParams, body: S.AttendanceBody, response: { 200: S.Meeting } } }, async (req) =>
    events.recordAttendance(req.ctx, req.params.id, req.params.mid, req.body),
  );
  app.post('/api/events/:id/check-in', { config: { permission: 'event.manage' }, schema: { tags, params: S.IdParams, body: S.CheckInBody, response: { 200: S.CheckInReply } } }, async (req) =>
    events.checkIn(req.ctx, req.params.id, req.body.code),
  );
  app.post(
    '/api/events/:id/schedule',
    {
      config: { permission: 'event.manage' },
      schema: { tags, description: '排会: place the planned meetings into slots and tables (a later run moves as few placed meetings as it can and lists them)', params: S.IdParams, body: S.ScheduleBody, response: { 200: S.ScheduleReply } },
    },
    async (req) => (await import('./events.schedule.service.ts')).scheduleEvent(req.ctx, req.params.id, req.body),
  );
  const outcomes = () => import('./events.outcomes.service.ts');
  app.get('/api/events/:id/participants/:pid/agenda', { config: { permission: 'participant.act' }, schema: { tags, params: S.ParticipantParams, response: { 200: S.Agenda } } }, async (req) =>
    (await outcomes()).participantAgenda(req.ctx, req.params.id, req.params.pid),
  );
  app.get(
    '/api/events/:id/participants/:pid/agenda.ics',
    { config: { permission: 'participant.act' }, schema: { tags, params: S.ParticipantParams, response: { 200: FileResponse('text/calendar', 'The agenda as an iCalendar file') } } },
    async (req, reply) => {
      const file = await (await outcomes()).participantAgendaIcs(req.ctx, req.params.id, req.params.pid);
      return sendDownload(reply, file.fileName, 'text/calendar; charset=utf-8', Buffer.from(file.text));
    },
  );
  app.put(
    '/api/events/:id/meetings/:mid/outcome',
    { config: { permission: 'event.manage' }, schema: { tags, description: 'Record a meeting’s outcome; a signed one with a task becomes a ledger project', params: S.MeetingParams, body: S.OutcomeBody, response: { 200: S.Outcome } } },
    async (req) => (await outcomes()).setOutcome(req.ctx, req.params.id, req.params.mid, req.body),
  );
  app.get('/api/events/:id/report', { config: { permission: 'event.manage' }, schema: { tags, params: S.IdParams, response: { 200: S.Report } } }, async (req) => (await outcomes()).eventReport(req.ctx, req.params.id));
  app.get(
    '/api/events/:id/report.xlsx',
    { config: { permission: 'event.manage' }, schema: { tags, params: S.IdParams, response: { 200: FileResponse(XLSX, 'The event report as an Excel workbook') } } },
    async (req, reply) => {
      const file = await (await outcomes()).eventReportWorkbook(req.ctx, req.params.id);
      return sendDownload(reply, file.fileName, XLSX, file.bytes);
    },
  );
  app.get(
    '/api/events/:id/report.docx',
    { config: { permission: 'event.manage' }, schema: { tags, params: S.IdParams, response: { 200: FileResponse(DOCX, 'The event report as a Word document in 公文 layout') } } },
    async (req, reply) => {
      const file = await (await import('./events.report.service.ts')).eventReportDocx(req.ctx, req.params.id);
      return sendDownload(reply, file.fileName, DOCX, file.bytes);
    },
  );
  app.get(
    '/api/events/:id/task-choices',
    { config: { permission: 'event.manage' }, schema: { tags, description: 'Ledger tasks the organiser may see, by number or title, for an outcome’s project', params: S.IdParams, querystring: S.TaskChoicesQuery, response: { 200: S.TaskChoices } } },
    async (req) => (await outcomes()).taskChoices(req.ctx, req.params.id, req.query.q),
  );
  app.get(
    '/api/events/:id/participants/:pid/recommendations',
    { config: { permission: 'participant.act' }, schema: { tags, description: 'Whom the participant should meet, best first, each with its reasons', params: S.ParticipantParams, response: { 200: S.Recommendations } } },
    async (req) => (await import('./events.recommend.service.ts')).recommendations(req.ctx, req.params.id, req.params.pid),
  );
  app.post(
    '/api/events/:id/participants/:pid/link',
    { config: { permission: 'event.manage' }, schema: { tags, description: 'Make a participant’s personal link anew (the old one stops working); its secret is answered this once', params: S.ParticipantParams, response: { 200: S.LinkReply } } },
    async (req) => (await import('./events.self.service.ts')).regenerateLink(req.ctx, req.params.id, req.params.pid),
  );
  selfRoutes(fastify);
}

/**
 * A participant's personal link (个人链接), for one without an account: /api/events/:id/self/:token/… does what the
 * participant's own account may (its page, description and availability, offers and needs, recommendations, meeting
 * requests and answers, agenda). The token is checked first; the services then decide through `participant.act`
 * with the link's bearer as actor. A wrong token, and anything of another participant, is a 404.
 */
function selfRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['events'];
  const config = { permission: 'public' } as const;
  const bodyLimit = PUBLIC_FORM.bodyLimit;
  const self = () => import('./events.self.service.ts');
  const bearer = async <T>(req: { ctx: ServiceContext; ip: string; params: { id: string; token: string } }, work: (ctx: ServiceContext, me: string) => Promise<T>): Promise<T> => {
    const link = await (await self()).openLink(req.ctx, req.params.id, req.params.token, { address: req.ip });
    req.ctx = link.ctx;
    try {
      return await work(link.ctx, link.participantId);
    } catch (e) {
      if (e instanceof ForbiddenError) throw bilingualNotFound('该记录不存在或不属于此参会方', 'Record of this participant');
      throw e;
    }
  };
  const base = '/api/events/:id/self/:token';
  app.get(base, { config, schema: { tags, description: 'The personal link’s page: the event as its participant sees it', params: S.SelfParams, response: { 200: S.SelfView } } }, async (req) =>
    bearer(req, async (ctx, me) => (await self()).linkView(ctx, req.params.id, me)),
  );
  app.patch(base, { config, bodyLimit, schema: { tags, description: 'The participant edits its description, contacts or availability', params: S.SelfParams, body: S.ParticipantUpdateBody, response: { 200: S.Participant } } }, async (req) =>
    bearer(req, (ctx, me) => events.updateParticipant(ctx, req.params.id, me, req.body)),
  );
  app.get(`${base}/chains`, { config, schema: { tags, description: 'The chains and segments offers and needs are tagged with', params: S.SelfParams, response: { 200: S.SelfChains } } }, async (req) =>
    bearer(req, async (ctx) => (await self()).linkChains(ctx, req.params.id)),
  );
  app.post(`${base}/offers`, { config, bodyLimit, schema: { tags, params: S.SelfParams, body: S.OfferBody, response: { 201: S.Offer } } }, async (req, reply) => {
    const row = await bearer(req, (ctx, me) => events.addOffer(ctx, req.params.id, me, req.body));
    reply.status(201);
    return row;
  });
  app.delete(`${base}/offers/:oid`, { config, schema: { tags, params: S.SelfOfferParams, response: { 204: NoContent } } }, async (req, reply) => {
    await bearer(req, (ctx, me) => events.deleteOffer(ctx, req.params.id, me, req.params.oid));
    reply.status(204);
    return null;
  });
  app.post(`${base}/requests`, { config, bodyLimit, schema: { tags, description: 'Ask another participant for a one-to-one meeting', params: S.SelfParams, body: S.RequestBody, response: { 201: S.Request } } }, async (req, reply) => {
    const row = await bearer(req, (ctx, me) => events.requestMeeting(ctx, req.params.id, me, req.body));
    reply.status(201);
    return row;
  });
  app.post(
    `${base}/requests/:rid/decision`,
    { config, schema: { tags, description: 'Accept or decline a request made to the participant, or cancel its own', params: S.SelfRequestParams, body: S.DecisionBody, response: { 200: S.Request } } },
    async (req) => bearer(req, (ctx) => events.decideRequest(ctx, req.params.id, req.params.rid, req.body.decision)),
  );
  app.post(`${base}/meetings/:mid/cancel`, { config, schema: { tags, params: S.SelfMeetingParams, response: { 200: S.Meeting } } }, async (req) =>
    bearer(req, (ctx) => events.cancelMeeting(ctx, req.params.id, req.params.mid)),
  );
  app.get(`${base}/recommendations`, { config, schema: { tags, description: 'Whom the participant should meet, best first, each with its reasons', params: S.SelfParams, response: { 200: S.Recommendations } } }, async (req) =>
    bearer(req, async (ctx, me) => (await import('./events.recommend.service.ts')).recommendations(ctx, req.params.id, me)),
  );
  const outcomes = () => import('./events.outcomes.service.ts');
  app.get(`${base}/agenda`, { config, schema: { tags, params: S.SelfParams, response: { 200: S.Agenda } } }, async (req) => bearer(req, async (ctx, me) => (await outcomes()).participantAgenda(ctx, req.params.id, me)));
  app.get(`${base}/agenda.ics`, { config, schema: { tags, params: S.SelfParams, response: { 200: FileResponse('text/calendar', 'The agenda as an iCalendar file') } } }, async (req, reply) => {
    const file = await bearer(req, async (ctx, me) => (await outcomes()).participantAgendaIcs(ctx, req.params.id, me));
    return sendDownload(reply, file.fileName, 'text/calendar; charset=utf-8', Buffer.from(file.text));
  });
}

