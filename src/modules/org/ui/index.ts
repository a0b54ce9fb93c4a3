/**
 * What other modules' pages may use of org's UI: the directory API and the unit pickers built on it. A module's UI
 * reaches another module's UI only through its `ui/index.ts` (checked by `npm run check`).
 */
export { orgApi, type Person, type Unit, type UnitNode } from './org.api.ts';
export { unitLabel, unitTreeOptions, useUnitDirectory, type TreeOption } from './useOrgData.ts';
export { orgKeys, orgQueries } from './org.queries.ts';
