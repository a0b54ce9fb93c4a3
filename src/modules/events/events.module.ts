import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { EventTables } from './events.tables.ts';

/**
 * The events module as the registry (src/server/registry.ts) sees it: matchmaking events (产业握手链接洽谈会,
 * 产业链供应链大会) — registration, offers and needs, recommendations, meeting requests, the meeting scheduler,
 * agendas, check-in and outcomes that become projects of the ledger.
 */
export const eventsModule: ModuleManifest<EventTables> = defineModule({
  name: 'events',
  title: { zh: '对接活动', en: 'Matchmaking events' },
  routes: async () => [(await import('./events.routes.ts')).eventRoutes],
  policy: async () => (await import('./events.policy.ts')).eventsPolicy,
  capabilities: (policy, actor) => ({ events: policy.event.read(actor), createEvents: policy.event.create(actor) }),
  seedDemo: async () => (await import('./events.seed.ts')).seedDemoEvents,
  statusCounts: async () => (await import('./events.repo.ts')).countEventRows,
  audit: {
    entities: {
      event: { zh: '对接活动', en: 'Matchmaking event' },
      event_participant: { zh: '参会方', en: 'Participant' },
      event_offer: { zh: '供需', en: 'Offer or need' },
      event_request: { zh: '约见请求', en: 'Meeting request' },
      event_meeting: { zh: '会谈', en: 'Meeting' },
      event_outcome: { zh: '对接成果', en: 'Meeting outcome' },
    },
    actions: {
      register: { zh: '报名', en: 'Register' },
      decline: { zh: '谢绝', en: 'Decline' },
      cancel: { zh: '取消', en: 'Cancel' },
      place: { zh: '安排时段与桌号', en: 'Place' },
      schedule: { zh: '排会', en: 'Schedule meetings' },
      check_in: { zh: '签到', en: 'Check in' },
      held: { zh: '会谈已举行', en: 'Meeting held' },
      no_show: { zh: '记录缺席', en: 'Record a no-show' },
      renew_link: { zh: '重新生成个人链接', en: 'Renew personal link' },
    },
  },
  // Everything of an event lives with the event, in its region: distributed by region_code, co-located with plans
  // (db/migrations/0014_events.sql); every query carries the event's region.
  citus: {
    distributed: ['events', 'event_slots', 'event_tables', 'event_participants', 'event_offers', 'event_requests', 'event_meetings', 'event_outcomes'],
  },
  cli: [
    {
      commands: { 'schedule <instance>': '对接会谈排程 / schedule meetings of a matchmaking event into slots and tables (instance JSON, see docs/SCHEDULER.md)' },
      load: async () => (await import('./events.schedule.cli.ts')).registerScheduleCommand,
    },
  ],
});
