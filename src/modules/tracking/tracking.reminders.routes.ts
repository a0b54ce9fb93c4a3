import type { FastifyInstance } from 'fastify';
import type { ApiTypeProvider } from '../../lib/typebox.ts';
import * as reminders from './tracking.reminders.service.ts';
import { listDeliveries, retryFailedDeliveries } from './tracking.notify.service.ts';
import {
  ChannelsBody,
  ChannelsReply,
  DeliveriesQuery,
  RetryDeliveriesBody,
  RetryDeliveriesReply,
  DeliveriesReply,
  IdParams,
  MarkReadBody,
  MarkReadReply,
  NotificationsReply,
  OwedReply,
  RemindBody,
  RemindReply,
  ReminderRuleBody,
  ReminderRuleReply,
  UnitParams,
} from './tracking.reminders.schema.ts';

/** HTTP routes of reminders (催办): a unit's channels, a plan's reminder numbers, 催办 by hand, deliveries, the bell. */
export async function trackingReminderRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['reminders'];

  app.get(
    '/api/units/:id/notify-channels',
    { config: { permission: 'reminder.readChannels' }, schema: { tags, params: UnitParams, response: { 200: ChannelsReply } } },
    async (req) => reminders.unitChannels(req.ctx, req.params.id),
  );
  app.put(
    '/api/units/:id/notify-channels',
    { config: { permission: 'reminder.setChannels' }, schema: { tags, params: UnitParams, body: ChannelsBody, response: { 200: ChannelsReply } } },
    async (req) => reminders.setUnitChannels(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/plans/:id/reminder-rule',
    { config: { permission: 'plan.read' }, schema: { tags, params: IdParams, response: { 200: ReminderRuleReply } } },
    async (req) => reminders.planReminderRule(req.ctx, req.params.id),
  );
  app.put(
    '/api/plans/:id/reminder-rule',
    { config: { permission: 'reminder.setRule' }, schema: { tags, params: IdParams, body: ReminderRuleBody, response: { 200: ReminderRuleReply } } },
    async (req) => reminders.setPlanReminderRule(req.ctx, req.params.id, req.body.rule),
  );
  app.post(
    '/api/tasks/:id/remind',
    { config: { permission: 'reminder.send' }, schema: { tags, params: IdParams, body: RemindBody, response: { 200: RemindReply } } },
    async (req) => reminders.remindNow(req.ctx, req.params.id, req.body ?? {}),
  );
  app.get(
    '/api/reminders/owed',
    { config: { permission: 'reminder.send' }, schema: { tags, response: { 200: OwedReply } } },
    async (req) => reminders.owedReports(req.ctx),
  );
  app.get(
    '/api/reminders/deliveries',
    { config: { permission: 'reminder.deliveries' }, schema: { tags, querystring: DeliveriesQuery, response: { 200: DeliveriesReply } } },
    async (req) => listDeliveries(req.ctx, req.query),
  );
  app.post(
    '/api/reminders/deliveries/retry',
    {
      config: { permission: 'reminder.run' },
      schema: { tags, description: 'Sends failed deliveries again (e.g. e-mail that failed before the SMTP server was configured)', body: RetryDeliveriesBody, response: { 200: RetryDeliveriesReply } },
    },
    async (req) => retryFailedDeliveries(req.ctx, req.body ?? {}),
  );
  app.get(
    '/api/notifications',
    { config: { permission: 'signed-in' }, schema: { tags, response: { 200: NotificationsReply } } },
    async (req) => reminders.myNotifications(req.ctx),
  );
  app.post(
    '/api/notifications/read',
    { config: { permission: 'signed-in' }, schema: { tags, body: MarkReadBody, response: { 200: MarkReadReply } } },
    async (req) => reminders.markNotificationsRead(req.ctx, req.body?.ids),
  );
}
