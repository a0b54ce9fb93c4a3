/** The org module's HTTP API as the web pages see it; the response types are those of org.schema.ts, which the server serializes by. */
import { api } from '../../../web/api.ts';
import type { RoleGrant } from '../../../web/session.tsx';
import type { AuditLabels } from '../../../server/module.ts';
import type {
  AuditEntryResponse,
  PersonResponse,
  RegionResponse,
  UnitKindSchema,
  UnitListResponse,
  UnitNodeResponse,
  UnitResponse,
  UserResponse,
} from '../org.schema.ts';
import type { Static } from 'typebox';
import type { OkResponse } from '../../../lib/typebox.ts';

export type UnitKind = Static<typeof UnitKindSchema>;
export const UNIT_KINDS: UnitKind[] = ['party', 'government', 'commission', 'bureau', 'office', 'district_government', 'association', 'enterprise', 'other'];
export type Role = RoleGrant['role'];
export const ROLES: Role[] = ['admin', 'supervisor', 'leader', 'unit_editor', 'unit_viewer'];
/** Roles that are scoped to a unit (and need one). */
export const UNIT_ROLES: Role[] = ['unit_editor', 'unit_viewer'];

/** A unit with the caller's abilities on it ('read', 'update', 'delete', …). */
export type Unit = UnitResponse;
export type UnitNode = UnitNodeResponse;
/** GET /api/units: flat list, tree, and whether the caller may create units. */
export type UnitList = UnitListResponse;
export type Region = RegionResponse;
export type Person = PersonResponse;
export type User = UserResponse;
export type AuditEntry = AuditEntryResponse;

/** Filters of GET /api/audit. */
export interface AuditFilters {
  entity?: string;
  action?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface UnitInput {
  name: string;
  shortName: string | null;
  aliases: string[];
  kind: UnitKind;
  parentId: string | null;
  regionCode: string;
  sortOrder: number;
  active: boolean;
}

export interface PersonInput {
  name: string;
  title: string | null;
  unitId: string | null;
  regionCode: string;
  isLeader: boolean;
  portfolioUnitIds: string[];
  phone: string | null;
  email: string | null;
}

export const orgApi = {
  regions: () => api.get<Region[]>('/api/regions'),
  units: (query: { q?: string; includeInactive?: boolean } = {}) => api.get<UnitList>('/api/units', query),
  createUnit: (input: UnitInput) => api.post<Unit>('/api/units', input),
  updateUnit: (id: string, patch: Partial<UnitInput> & { version: number }) => api.patch<Unit>(`/api/units/${id}`, patch),
  deleteUnit: (id: string) => api.delete(`/api/units/${id}`),

  people: (query: { unitId?: string; leadersOnly?: boolean } = {}) => api.get<Person[]>('/api/people', query),
  createPerson: (input: PersonInput) => api.post<Person>('/api/people', input),
  updatePerson: (id: string, patch: Partial<PersonInput>) => api.patch<Person>(`/api/people/${id}`, patch),

  users: () => api.get<User[]>('/api/users'),
  createUser: (input: {
    username: string;
    displayName: string;
    password: string;
    unitId: string | null;
    personId: string | null;
    locale: 'zh-CN' | 'en-US';
    roles: { role: Role; unitId: string | null }[];
    mustChangePassword: boolean;
  }) => api.post<User>('/api/users', input),
  updateUser: (id: string, patch: { displayName?: string; unitId?: string | null; personId?: string | null; locale?: 'zh-CN' | 'en-US'; active?: boolean }) =>
    api.patch<User>(`/api/users/${id}`, patch),
  setRoles: (id: string, roles: { role: Role; unitId: string | null }[]) => api.put<User>(`/api/users/${id}/roles`, { roles }),
  resetPassword: (id: string, newPassword: string) => api.post<Static<typeof OkResponse>>(`/api/users/${id}/password`, { newPassword }),

  audit: (filters: AuditFilters, before?: number, limit = 50) => api.get<AuditEntry[]>('/api/audit', { ...filters, before, limit }),
  /** The names (zh, en) of every entity and action the modules record (each module's manifest declares its own). */
  auditLabels: () => api.get<AuditLabels>('/api/audit/labels'),
};
