/**
 * UI text in Chinese (the default) and English. Every string the UI shows comes from a dictionary made with
 * `defineMessages`: each key holds `[中文, English]` side by side, so a missing translation is a type error.
 * The shell's dictionary is below; a module keeps its own next to its pages (e.g. src/modules/org/ui/org.messages.ts)
 * and reads it with `useMessages(dict)`.
 */
import { useCallback, useSyncExternalStore } from 'react';

export type Locale = 'zh-CN' | 'en-US';

/** One UI string in both languages; `{name}` marks a parameter. */
export type Message = readonly [zh: string, en: string];

/** Parameters filled into `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/**
 * Declares a dictionary; the return value is the same object, typed so `t` accepts only its keys.
 * @example const m = defineMessages({ 'units.title': ['单位', 'Units'] });
 */
export function defineMessages<const M extends Record<string, Message>>(dict: M): M {
  return dict;
}

/** Picks the language of a message and fills its `{name}` parameters. */
export function translate(message: Message, params?: MessageParams, locale: Locale = getLocale()): string {
  const text = locale === 'zh-CN' ? message[0] : message[1];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Server messages come as "中文 / English"; shows the half in the UI language (the whole text when there is no " / ").
 * @example pickLanguage('单位名称重复 / duplicate unit name', 'en-US') // 'duplicate unit name'
 */
export function pickLanguage(text: string, locale: Locale = getLocale()): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return locale === 'zh-CN' ? text.slice(0, at) : text.slice(at + 3);
}

const STORAGE_KEY = 'luoshi.locale';
const listeners = new Set<() => void>();

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    // Storage can be blocked (private mode, tests); Chinese is the default.
  }
  return 'zh-CN';
}

let current: Locale = initialLocale();

/** The UI language now in use. */
export function getLocale(): Locale {
  return current;
}

/** Whether the user chose a language on this browser (else the account's locale may be applied). */
export function hasChosenLocale(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) != null;
  } catch {
    return false;
  }
}

/** Switches the UI language and, when `remember`, keeps the choice in this browser. */
export function setLocale(locale: Locale, remember = true): void {
  if (remember) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not remembered; still switch.
    }
  }
  if (locale === current) return;
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The UI language, re-rendering the component when it changes. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale, getLocale);
}

/**
 * A translator for a dictionary that re-renders the component when the language changes.
 * @example const t = useMessages(orgMessages); t('units.title')
 */
export function useMessages<M extends Record<string, Message>>(dict: M): (key: keyof M & string, params?: MessageParams) => string {
  const locale = useLocale();
  return useCallback((key, params) => translate(dict[key], params, locale), [dict, locale]);
}

/** The shell's dictionary: navigation, header, sign-in, common words, placeholders of modules to come. */
export const messages = defineMessages({
  'app.name': ['落实', 'Luoshi'],
  'app.logo': ['落', '落'],
  'app.tagline': ['督查督办 · 产业链图谱 · 经济复杂度 · 对接活动', 'Supervision · Industry chains · Economic complexity · Matchmaking'],

  'nav.dashboard': ['工作台', 'Workbench'],
  'nav.plans': ['规划', 'Plans'],
  'nav.atlas': ['产业链图谱', 'Atlas'],
  'nav.complexity': ['经济复杂度', 'Complexity'],
  'nav.events': ['对接活动', 'Events'],
  'nav.portal': ['公开', 'Portal'],
  'nav.group.system': ['系统管理', 'System'],
  'nav.openMenu': ['打开菜单', 'Open menu'],
  'nav.collapse': ['收起菜单', 'Collapse menu'],
  'nav.expand': ['展开菜单', 'Expand menu'],

  'header.language': ['语言', 'Language'],
  'header.changePassword': ['修改密码', 'Change password'],
  'header.logout': ['退出登录', 'Sign out'],
  'lang.zh': ['中文', '中文'],
  'lang.en': ['English', 'English'],

  'login.username': ['用户名', 'Username'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Sign in'],
  'login.usernameRequired': ['请输入用户名', 'Enter your username'],
  'login.passwordRequired': ['请输入密码', 'Enter your password'],
  'login.failed': ['用户名或密码不正确', 'Wrong username or password'],
  'login.throttled': ['登录失败次数过多，请 {minutes} 分钟后再试', 'Too many failed sign-ins; try again in {minutes} min'],
  'login.demoTitle': ['演示账号', 'Demo accounts'],
  'login.demoHint': ['演示模式：密码均为 {password}，点击账号即可填入', 'Demo mode: every password is {password}; click an account to fill it in'],
  'login.sessionEnded': ['登录已失效，请重新登录', 'Your session has ended; please sign in again'],

  'password.title': ['修改密码', 'Change password'],
  'password.current': ['当前密码', 'Current password'],
  'password.new': ['新密码', 'New password'],
  'password.confirm': ['确认新密码', 'Confirm new password'],
  'password.required': ['请输入密码', 'Enter a password'],
  'password.mismatch': ['两次输入的新密码不一致', 'The two new passwords differ'],
  'password.hint': ['至少 10 位，包含字母、数字、符号中的至少两类，不含用户名', 'At least 10 characters, two of letters, digits and symbols, not containing the username'],
  'password.changed': ['密码已修改', 'Password changed'],
  'password.mustChange': ['您的密码已由管理员重置，请先设置新密码', 'An administrator reset your password; set a new one first'],

  'common.save': ['保存', 'Save'],
  'common.cancel': ['取消', 'Cancel'],
  'common.edit': ['编辑', 'Edit'],
  'common.delete': ['删除', 'Delete'],
  'common.confirmDelete': ['确定删除“{name}”？', 'Delete “{name}”?'],
  'common.actions': ['操作', 'Actions'],
  'common.yes': ['是', 'Yes'],
  'common.no': ['否', 'No'],
  'common.ok': ['确定', 'OK'],
  'common.loadMore': ['加载更多', 'Load more'],
  'common.noMore': ['没有更多了', 'No more entries'],
  'common.saved': ['已保存', 'Saved'],
  'common.deleted': ['已删除', 'Deleted'],
  'common.refresh': ['刷新', 'Refresh'],
  'common.active': ['启用', 'Active'],
  'common.inactive': ['停用', 'Inactive'],
  'common.more': ['更多', 'More'],
  'planChoice.none': ['没有本账号可加入任务的规划：请先新建规划，或请规划牵头单位、管理员操作', 'No plan this account may add tasks to: create a plan first, or ask the plan’s owning unit or an administrator'],
  'planChoice.toPlans': ['前往规划', 'Go to plans'],

  'error.network': ['无法连接服务器，请检查网络', 'Cannot reach the server; check the network'],
  'error.forbidden': ['没有权限执行此操作', 'You are not allowed to do this'],
  'error.unknown': ['出错了', 'Something went wrong'],
  'error.pageNotFound': ['页面不存在', 'Page not found'],
  'error.pageForbidden': ['您没有访问此页面的权限', 'You may not open this page'],
  'error.pageLoad': ['页面加载失败，请刷新重试', 'The page failed to load; reload and try again'],
  'error.backHome': ['返回工作台', 'Back to the dashboard'],

  'placeholder.title': ['建设中', 'Coming soon'],
  'placeholder.plans': [
    '规划：决定与工作方案的版本和征求意见，从文件或分工表（Excel）导入节点树（部分→条→任务→子任务/里程碑），分工（牵头市领导、牵头单位、责任单位、完成时限）。',
    'Plans: decisions and work plans with versions and consultation comments; the node tree (part → article → task → sub-task/milestone) imported from documents or task-division tables (Excel); assignments (lead leader, lead unit, co-units, deadline).',
  ],
  'placeholder.atlas': [
    '产业链图谱：产业链上中下游环节与各环节企业、区域分布，堵点/卡点/成龙配套分析，产业集群与核心承载区。',
    'Atlas: industry chains with upstream, midstream and downstream segments, their enterprises and locations; gap (堵点), chokepoint (卡点) and supplier-matching analyses; clusters and carrier zones.',
  ],
  'placeholder.complexity': [
    '经济复杂度：上传“地区×产业”数据表，计算显示性比较优势（RCA）、邻近度、密度、ECI/PCI、COI/COG，查看产品空间与机会产业。',
    'Complexity: upload any location × industry table to compute RCA, proximity, density, ECI/PCI and COI/COG, and browse the product space and opportunity industries.',
  ],
  'placeholder.events': [
    '对接活动：产业握手链接洽谈会——参会方发布供给与需求，系统推荐伙伴并排定一对一洽谈，签到、议程与成果（意向、签约项目、金额）登记。',
    'Events: matchmaking conferences — participants publish offers and needs, get recommended partners and scheduled 1:1 meetings; check-in, agendas and outcomes (intentions, signed projects, amounts).',
  ],
  'placeholder.portal': [
    '公开：面向公众发布的任务与进展、产业链图谱和对接活动。',
    'Portal: the public view of published tasks and progress, chain maps and events.',
  ],
});

/** A key of the shell's dictionary. */
export type MessageKey = keyof typeof messages;

/**
 * Translates a key of the shell's dictionary into the current language. Components should prefer `useT()`,
 * which also re-renders on a language switch.
 */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(messages[key], params);
}

/** `t` for components: re-renders when the language changes. */
export function useT(): (key: MessageKey, params?: MessageParams) => string {
  return useMessages(messages);
}
