/**
 * The pages of the web UI and their menu entries.
 *
 * How a module adds a page (no edit in src/web needed):
 *  1. Write the page as a default export, e.g. src/modules/complexity/ui/ComplexityPage.tsx
 *     (its text in a dictionary beside it: src/modules/complexity/ui/complexity.messages.ts, made with defineMessages).
 *  2. Create src/modules/complexity/ui/complexity.routes.ts:
 *       import { CalculatorOutlined } from '@ant-design/icons';
 *       import type { PageRoute } from '../../../web/routes.ts';
 *       import { messages } from '../../../web/i18n.ts';
 *       export const routes: PageRoute[] = [{
 *         path: '/complexity', menuKey: 'complexity', group: 'work', order: 50,
 *         label: messages['nav.complexity'], icon: CalculatorOutlined,
 *         lazy: () => import('./ComplexityPage.tsx'),
 *       }];
 *     Every `src/modules/<module>/ui/*.routes.ts` exporting `routes` is picked up here at build time. A route with the
 *     same path as a placeholder below replaces it. Pages reached only by link (e.g. '/plans/:id') leave out `menuKey`.
 *  3. Hide what the user may not use with `visible: (me) => me.can.<flag>` — a flag the server computes from its
 *     policy (GET /api/auth/me), never a role check repeated here. Records carry `abilities` for buttons.
 *  4. Heavy libraries (echarts, @antv/g6) are imported only inside such lazily loaded pages; vite.config.ts puts them
 *     in their own chunks, so other pages never load them.
 */
import { createElement, type ComponentType } from 'react';
import {
  ApartmentOutlined,
  CalculatorOutlined,
  FileTextOutlined,
  GlobalOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { messages, type Message } from './i18n.ts';
import type { Me } from './session.tsx';

/** One page: where it lives, how it appears in the menu, and how its code is loaded. */
export interface PageRoute {
  /** React Router path, e.g. '/units' or '/plans/:id'. */
  path: string;
  /** Menu entry id; omit for pages reached only by link. */
  menuKey?: string;
  /** Menu and page title, from a dictionary: `messages['nav.units']` or a module's own. */
  label: Message;
  icon?: ComponentType;
  /** 'work' for the business modules (the default), 'system' for administration. */
  group?: 'work' | 'system';
  /** Position in its menu group, ascending. */
  order?: number;
  /** Loads the page module; its default export is the page. */
  lazy: () => Promise<{ default: ComponentType }>;
  /**
   * When the app opens at this page: starts what the page will ask for first (its data, a large chunk), with the app's
   * code and the session check rather than after them. Given the path's parameters.
   */
  preload?: (params: Record<string, string | undefined>) => void;
  /** Whether this user may use the page; read `me.can`, never roles. Hidden from the menu and refused when false. */
  visible?: (me: Me) => boolean;
  /** A page anyone may open without signing in (an event's public registration form), shown outside the layout. */
  public?: boolean;
}

/** A page that says what will be there, for modules not built yet. */
function placeholder(description: Message): PageRoute['lazy'] {
  return () => import('./pages/PlaceholderPage.tsx').then((m) => ({ default: () => createElement(m.default, { description }) }));
}

/** Pages of the modules to come; a module's own route with the same path replaces its placeholder. */
const placeholders: PageRoute[] = [
  { path: '/plans', menuKey: 'plans', label: messages['nav.plans'], icon: FileTextOutlined, order: 20, lazy: placeholder(messages['placeholder.plans']) },
  { path: '/atlas', menuKey: 'atlas', label: messages['nav.atlas'], icon: ApartmentOutlined, order: 40, lazy: placeholder(messages['placeholder.atlas']) },
  { path: '/complexity', menuKey: 'complexity', label: messages['nav.complexity'], icon: CalculatorOutlined, order: 50, lazy: placeholder(messages['placeholder.complexity']) },
  { path: '/events', menuKey: 'events', label: messages['nav.events'], icon: TeamOutlined, order: 60, lazy: placeholder(messages['placeholder.events']) },
  { path: '/portal', menuKey: 'portal', label: messages['nav.portal'], icon: GlobalOutlined, order: 70, lazy: placeholder(messages['placeholder.portal']) },
];

const moduleRouteFiles = import.meta.glob<{ routes: PageRoute[] }>('../modules/*/ui/*.routes.ts', { eager: true });

/**
 * Merges the placeholders with the modules' routes (a module's path wins) and orders them for the menu.
 * @example mergeRoutes([{ path: '/plans', … }], [{ path: '/plans', … real page }])
 */
export function mergeRoutes(base: PageRoute[], added: PageRoute[]): PageRoute[] {
  const byPath = new Map<string, PageRoute>(base.map((r) => [r.path, r]));
  for (const route of added) byPath.set(route.path, route);
  const groupRank = (r: PageRoute) => (r.group === 'system' ? 1 : 0);
  return [...byPath.values()].sort((a, b) => groupRank(a) - groupRank(b) || (a.order ?? 1000) - (b.order ?? 1000));
}

/** Every page of the UI, in menu order. */
export const pageRoutes: PageRoute[] = mergeRoutes(
  placeholders,
  Object.keys(moduleRouteFiles)
    .sort()
    .flatMap((file) => moduleRouteFiles[file].routes ?? []),
);

const moduleHeaderFiles = import.meta.glob<{ HeaderItem: ComponentType }>('../modules/*/ui/*.header.tsx', { eager: true });

/**
 * Small pieces a module puts in the header beside the language switch (tracking's notification bell): every
 * `src/modules/<module>/ui/*.header.tsx` exporting `HeaderItem`, in file order.
 */
export const headerItems: ComponentType[] = Object.keys(moduleHeaderFiles)
  .sort()
  .map((file) => moduleHeaderFiles[file].HeaderItem)
  .filter(Boolean);

/** Whether the user may use a page. */
export function routeVisible(route: PageRoute, me: Me): boolean {
  return route.visible ? route.visible(me) : true;
}
