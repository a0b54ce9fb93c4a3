import { defineMessages } from '../../../web/i18n.ts';

/** Text of activities (专题学习、调研、协调会) of a task and of a unit. */
export const activityMessages = defineMessages({
  'section.title': ['活动记录（专题学习、调研、协调会）', 'Activities (study sessions, field research, coordination meetings)'],
  'section.add': ['记录活动', 'Record an activity'],
  'section.empty': ['还没有记录活动', 'No activity recorded yet'],
  'section.saved': ['已记录', 'Recorded'],
  'section.deleted': ['已删除', 'Removed'],
  'section.delete': ['删除', 'Remove'],
  'section.confirmDelete': ['删除这条活动记录？', 'Remove this activity?'],
  'kind.study': ['专题学习', 'Study session'],
  'kind.research': ['调研', 'Field research'],
  'kind.meeting': ['协调会', 'Coordination meeting'],
  'col.kind': ['类别', 'Kind'],
  'col.title': ['主题', 'Title'],
  'col.heldOn': ['日期', 'Date'],
  'col.unit': ['举办单位', 'Held by'],
  'col.participants': ['参加人员', 'Participants'],
  'col.outcome': ['活动成果', 'Outcome'],
  'col.by': ['{who} 记录', 'recorded by {who}'],
  'role.lead': ['牵头', 'lead'],
  'role.co': ['责任', 'supporting'],
  'form.required': ['必填', 'Required'],
  'form.save': ['保存', 'Save'],
  'unit.title': ['活动记录', 'Activities'],
  'unit.count': ['共 {n} 次', '{n} in all'],
});
