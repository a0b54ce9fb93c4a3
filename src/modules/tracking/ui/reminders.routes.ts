import { BellOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { reminderMessages } from './reminders.messages.ts';

/** 催办: the supervisors' list of owed reports and deliveries, and a unit's reminder channels. */
export const routes: PageRoute[] = [
  {
    path: '/reminders',
    menuKey: 'reminders',
    order: 33,
    label: reminderMessages['nav.reminders'],
    icon: BellOutlined,
    lazy: () => import('./RemindersPage.tsx'),
    visible: (me) => me.can.remindUnits === true || me.can.setNotifyChannels === true,
  },
];
