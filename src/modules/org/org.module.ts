import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { OrgTables } from './org.tables.ts';

/**
 * The org module as the registry (src/server/registry.ts) sees it: the directory, accounts and the audit log.
 * Org is first in the registry: its routes carry sign-in, and its directory is seeded before the other modules'
 * demo data. Its own `can` flags (manageUnits, manageUsers, readAudit) are computed in `me()`, its `luoshi user`
 * command stays in src/cli/main.ts with the other core commands.
 */
export const orgModule: ModuleManifest<OrgTables> = defineModule({
  name: 'org',
  title: { zh: '组织与账号', en: 'Organisation and accounts' },
  routes: async () => [(await import('./org.routes.ts')).orgRoutes],
  statusCounts: async () => (await import('./org.repo.ts')).countOrgRows,
  audit: {
    entities: {
      unit: { zh: '单位', en: 'Unit' },
      person: { zh: '人员', en: 'Person' },
      user: { zh: '账号', en: 'Account' },
      session: { zh: '登录', en: 'Session' },
      system: { zh: '系统', en: 'System' },
    },
    actions: {
      create: { zh: '新建', en: 'Create' },
      update: { zh: '修改', en: 'Update' },
      delete: { zh: '删除', en: 'Delete' },
      set_roles: { zh: '设置角色', en: 'Set roles' },
      login: { zh: '登录', en: 'Sign in' },
      login_failed: { zh: '登录失败', en: 'Failed sign-in' },
      change_password: { zh: '修改密码', en: 'Change password' },
      reset_password: { zh: '重置密码', en: 'Reset password' },
      seed: { zh: '载入演示数据', en: 'Load demo data' },
      add_alias: { zh: '增加简称', en: 'Add alias' },
    },
  },
  citus: {
    reference: ['regions', 'settings', 'units', 'people', 'users', 'user_roles', 'leader_portfolios'],
    distributed: ['audit_log'],
    local: ['sessions', 'login_throttle', 'login_known_addresses'],
  },
});
