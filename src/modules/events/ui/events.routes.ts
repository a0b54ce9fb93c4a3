import { TeamOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { eventMessages } from './events.messages.ts';

/** Matchmaking events (对接活动): the list, one event's tabs, a participant's printable agenda, and the public registration form (no sign-in). */
export const routes: PageRoute[] = [
  { path: '/events', menuKey: 'events', order: 60, label: eventMessages['nav.events'], icon: TeamOutlined, lazy: () => import('./EventsPage.tsx'), visible: (me) => Boolean(me.can.events) },
  { path: '/events/:id', label: eventMessages['nav.events'], lazy: () => import('./EventPage.tsx'), visible: (me) => Boolean(me.can.events) },
  { path: '/events/:id/register', label: eventMessages['pub.submit'], lazy: () => import('./PublicRegistrationPage.tsx'), public: true },
  { path: '/events/:id/self/:token', label: eventMessages['link.title'], lazy: () => import('./SelfServicePage.tsx'), public: true },
  { path: '/events/:id/self/:token/agenda', label: eventMessages['p.agenda'], lazy: () => import('./AgendaPage.tsx'), public: true },
  { path: '/events/:id/agenda/:pid', label: eventMessages['p.agenda'], lazy: () => import('./AgendaPage.tsx'), visible: (me) => Boolean(me.can.events) },
];
