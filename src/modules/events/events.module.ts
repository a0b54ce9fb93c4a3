import { defineModule, type ModuleManifest } from '../../server/module.ts';

/**
 * The events module as the registry (src/server/registry.ts) sees it: matchmaking events (产业握手链接洽谈会,
 * 产业链供应链大会) — registration, offers and needs, recommendations, meeting requests, the meeting scheduler,
 * agendas, check-in and outcomes that become projects of the ledger.
 */
export const eventsModule: ModuleManifest<object> = defineModule({
  name: 'events',
  title: { zh: '对接活动', en: 'Matchmaking events' },
  cli: [
    {
      commands: { 'schedule <instance>': '对接会谈排程 / schedule meetings of a matchmaking event into slots and tables (instance JSON, see docs/SCHEDULER.md)' },
      load: async () => (await import('./events.schedule.cli.ts')).registerScheduleCommand,
    },
  ],
});
