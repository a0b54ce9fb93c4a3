import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { ChannelsBody, ChannelsReply, DeliveriesReply, NotificationsReply, OwedReply, RemindReply } from '../tracking.reminders.schema.ts';

/** The reminders API's answers, typed from the server's response schemas (tracking.reminders.schema.ts). */
export type Channels = Static<typeof ChannelsReply>;
export type ChannelsInput = Static<typeof ChannelsBody>;
export type Deliveries = Static<typeof DeliveriesReply>;
export type Delivery = Deliveries['deliveries'][number];
export type Owed = Static<typeof OwedReply>;
export type OwedItem = Owed['items'][number];
export type Notifications = Static<typeof NotificationsReply>;
export type Notification = Notifications['items'][number];
export type Remind = Static<typeof RemindReply>;
/** What the channels page needs of GET /api/units. */
export interface UnitChoice {
  id: string;
  name: string;
  short_name: string | null;
}

/** The reminders API, as the pages and the bell call it. */
export const remindersApi = {
  notifications: () => api.get<Notifications>('/api/notifications'),
  markRead: (ids?: string[]) => api.post<{ changed: number }>('/api/notifications/read', ids ? { ids } : {}),
  owed: () => api.get<Owed>('/api/reminders/owed'),
  deliveries: () => api.get<Deliveries>('/api/reminders/deliveries?limit=200'),
  retryFailed: (ids?: string[]) => api.post<{ requeued: number }>('/api/reminders/deliveries/retry', ids ? { ids } : {}),
  remind: (taskId: string, unitId: string, period: string) => api.post<Remind>(`/api/tasks/${taskId}/remind`, { unitId, period }),
  channels: (unitId: string) => api.get<Channels>(`/api/units/${unitId}/notify-channels`),
  setChannels: (unitId: string, input: ChannelsInput) => api.put<Channels>(`/api/units/${unitId}/notify-channels`, input),
  units: () => api.get<{ units: UnitChoice[] }>('/api/units'),
};

/** Query keys of reminders. */
export const reminderKeys = {
  all: ['reminders'] as const,
  notifications: ['reminders', 'notifications'] as const,
  owed: ['reminders', 'owed'] as const,
  deliveries: ['reminders', 'deliveries'] as const,
  channels: (unitId: string) => ['reminders', 'channels', unitId] as const,
};
