/**
 * Pure rules of intermediaries (中介组织: 协会、商会、产业联盟、中介服务机构、公共服务平台、新型研发机构): the kinds and
 * member roles a record may take, reading a member role as written in a file, and the 对接渠道 of a chain's 堵点 —
 * the intermediaries serving the chain whose members include the gap's candidate enterprises.
 */

/** The kinds of intermediary, with their names. */
export const INTERMEDIARY_KINDS = {
  association: { zh: '行业协会/商会', en: 'Association / chamber of commerce' },
  alliance: { zh: '产业联盟', en: 'Industry alliance' },
  service: { zh: '中介服务机构', en: 'Service organisation' },
  platform: { zh: '公共服务平台', en: 'Public service platform' },
  research: { zh: '新型研发机构', en: 'New-type R&D institute' },
} as const;
export type IntermediaryKind = keyof typeof INTERMEDIARY_KINDS;
export const INTERMEDIARY_KIND_KEYS = Object.keys(INTERMEDIARY_KINDS) as IntermediaryKind[];

/** A member's role in an intermediary, most senior first, with its names and the words a file may use for it. */
export const MEMBER_ROLES = {
  president: { zh: '会长', en: 'President', aliases: ['会长', '理事长', '主席', '主任单位', '理事长单位', '会长单位', 'president', 'chair'] },
  vice_president: { zh: '副会长', en: 'Vice president', aliases: ['副会长', '副理事长', '副主席', '副主任单位', '副理事长单位', '副会长单位', 'vice president', 'vice-president', 'vice_president'] },
  director: { zh: '理事', en: 'Director', aliases: ['理事', '常务理事', '理事单位', '常务理事单位', 'director', 'board member'] },
  member: { zh: '会员', en: 'Member', aliases: ['会员', '成员', '会员单位', '成员单位', '普通会员', 'member'] },
} as const;
export type MemberRole = keyof typeof MEMBER_ROLES;
export const MEMBER_ROLE_KEYS = Object.keys(MEMBER_ROLES) as MemberRole[];

/**
 * The role a file's cell names (a key, a Chinese or English name or a common variant), or null when it names none;
 * an empty cell is an ordinary member.
 * @example memberRole('副理事长') // 'vice_president'
 */
export function memberRole(raw: string): MemberRole | null {
  const text = raw.trim().toLowerCase();
  if (!text) return 'member';
  for (const key of MEMBER_ROLE_KEYS) if (key === text || (MEMBER_ROLES[key].aliases as readonly string[]).includes(text)) return key;
  return null;
}

/** Orders members the way a directory lists them: by role (会长 first), then by name in pinyin order. */
export function compareMembers(a: { role: MemberRole; name: string }, b: { role: MemberRole; name: string }, collator: Intl.Collator): number {
  return MEMBER_ROLE_KEYS.indexOf(a.role) - MEMBER_ROLE_KEYS.indexOf(b.role) || collator.compare(a.name, b.name);
}

/** An intermediary as the channel rule reads it: what it serves and who its members are. */
export interface ChannelIntermediary {
  id: string;
  chainIds: readonly string[];
  clusterIds: readonly string[];
  members: readonly { uscc: string; role: MemberRole }[];
}

/**
 * Whether an intermediary serves a chain: it names the chain, or a cluster it serves covers the chain.
 * @example servesChain({ chainIds: [], clusterIds: ['c1'] }, 'ic', new Map([['c1', ['ic']]])) // true
 */
export function servesChain(i: Pick<ChannelIntermediary, 'chainIds' | 'clusterIds'>, chainId: string, clusterChains: ReadonlyMap<string, readonly string[]>): boolean {
  return i.chainIds.includes(chainId) || i.clusterIds.some((c) => clusterChains.get(c)?.includes(chainId));
}

/** One intermediary through which a gap's candidates can be reached: its id and the candidates among its members. */
export interface GapChannel {
  intermediaryId: string;
  members: { uscc: string; role: MemberRole }[];
}

/**
 * The 对接渠道 of each gap: among the intermediaries serving the chain, those with at least one of the gap's candidate
 * enterprises (by USCC) as a member, the one reaching most candidates first (then the more senior roles held). A
 * candidate without a USCC cannot be matched to a membership and is left out.
 * @example gapChannels([{ key: 'a', candidates: ['X'] }], 'ic', [{ id: 'i1', chainIds: ['ic'], clusterIds: [], members: [{ uscc: 'X', role: 'member' }] }], new Map())
 *   // Map { 'a' => [{ intermediaryId: 'i1', members: [{ uscc: 'X', role: 'member' }] }] }
 */
export function gapChannels(
  gaps: readonly { key: string; candidates: readonly (string | null)[] }[],
  chainId: string,
  intermediaries: readonly ChannelIntermediary[],
  clusterChains: ReadonlyMap<string, readonly string[]>,
): Map<string, GapChannel[]> {
  const serving = intermediaries.filter((i) => servesChain(i, chainId, clusterChains));
  const out = new Map<string, GapChannel[]>();
  const seniority = (c: GapChannel) => c.members.reduce((s, m) => s + (MEMBER_ROLE_KEYS.length - MEMBER_ROLE_KEYS.indexOf(m.role)), 0);
  for (const g of gaps) {
    const wanted = new Set(g.candidates.filter((u): u is string => Boolean(u)));
    const channels: GapChannel[] = [];
    for (const i of serving) {
      const members = i.members.filter((m) => wanted.has(m.uscc)).map((m) => ({ uscc: m.uscc, role: m.role }));
      if (members.length) channels.push({ intermediaryId: i.id, members: members.sort((a, b) => MEMBER_ROLE_KEYS.indexOf(a.role) - MEMBER_ROLE_KEYS.indexOf(b.role)) });
    }
    channels.sort((a, b) => b.members.length - a.members.length || seniority(b) - seniority(a));
    out.set(g.key, channels);
  }
  return out;
}
