import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { PlanProjectsReply, Project as ProjectSchema, ProjectCreateBody, ProjectUpdateBody, TaskProjectsReply } from '../tracking.projects.schema.ts';

/** The projects API's answers, typed from the server's response schemas (tracking.projects.schema.ts). */
export type Project = Static<typeof ProjectSchema>;
export type TaskProjects = Static<typeof TaskProjectsReply>;
export type TaskProject = TaskProjects['projects'][number];
export type PlanProjects = Static<typeof PlanProjectsReply>;
export type ProjectInput = Static<typeof ProjectCreateBody>;
export type ProjectUpdate = Static<typeof ProjectUpdateBody>;
export type ProjectStage = Project['stage'];
export type ProjectKind = Project['kind'];
export const STAGES: ProjectStage[] = ['signed', 'started', 'producing', 'full'];
export const KINDS: ProjectKind[] = ['investment', 'construction', 'cooperation'];
export interface ProjectFilter {
  stage?: ProjectStage;
  kind?: ProjectKind;
  unitId?: string;
  regionCode?: string;
}

/** The projects routes (src/modules/tracking/tracking.projects.routes.ts). */
export const projectsApi = {
  ofTask: (taskId: string) => api.get<TaskProjects>(`/api/tasks/${taskId}/projects`),
  create: (taskId: string, input: ProjectInput) => api.post<Project>(`/api/tasks/${taskId}/projects`, input),
  update: (id: string, body: ProjectUpdate) => api.patch<Project>(`/api/projects/${id}`, body),
  move: (id: string, body: { stage: ProjectStage; date?: string | null; reason?: string | null; version?: number }) => api.post<Project>(`/api/projects/${id}/stage`, body),
  note: (id: string, body: { date: string; body: string }) => api.post(`/api/projects/${id}/reports`, body),
  ofPlan: (planId: string, filter: ProjectFilter) => api.get<PlanProjects>(`/api/plans/${planId}/projects`, { ...filter }),
};
