import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { Activity as ActivitySchema, TaskActivitiesReply } from '../tracking.activities.schema.ts';

/** The activities API's answers, typed from the server's response schemas (tracking.activities.schema.ts). */
export type Activity = Static<typeof ActivitySchema>;
export type TaskActivities = Static<typeof TaskActivitiesReply>;
export type ActivityKind = Activity['kind'];
export const ACTIVITY_KINDS: ActivityKind[] = ['study', 'research', 'meeting'];
export interface ActivityInput {
  kind: ActivityKind;
  title: string;
  heldOn: string;
  participants?: string | null;
  outcome?: string | null;
  unitId?: string | null;
}

/** The activities routes (src/modules/tracking/tracking.activities.routes.ts). */
export const activitiesApi = {
  ofTask: (taskId: string) => api.get<TaskActivities>(`/api/tasks/${taskId}/activities`),
  record: (taskId: string, input: ActivityInput) => api.post<Activity>(`/api/tasks/${taskId}/activities`, input),
  remove: (id: string) => api.delete(`/api/activities/${id}`),
};
