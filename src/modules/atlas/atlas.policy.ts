import { definePolicy } from '../../lib/abilities.ts';
import { hasRole, isAdministrator, type Actor } from '../org/index.ts';

const signedIn = (a: Actor) => a.kind !== 'public';
/** Those who keep a region's atlas: unit editors (发改委、工信局 …) and administrators. */
const keeper = (a: Actor) => isAdministrator(a) || hasRole(a, 'unit_editor');
/**
 * Every access rule of the atlas, one line each. Chains and the enterprise directory are shared reference data:
 * everyone signed in reads them — the investment-promotion bureau's viewers (商务局) as much as the chain office —
 * and the menu entry 产业链图谱 shows for them all; unit editors and administrators import chains and enterprises.
 */
export const atlasPolicy = {
  atlas: definePolicy('atlas', {
    use: (a: Actor) => signedIn(a),
  }),
  chain: definePolicy('chain', {
    read: (a: Actor) => signedIn(a),
    import: (a: Actor) => keeper(a),
    export: (a: Actor) => signedIn(a),
    /** Edit a chain in the map: a region's keepers edit its own chains; the shared definitions ('000000') only administrators. */
    edit: (a: Actor, chain: { regionCode: string; actorRegion: string }) => isAdministrator(a) || (keeper(a) && chain.regionCode !== '000000' && chain.regionCode === chain.actorRegion),
    /**
     * Adapt a shared definition for one's region (采用并调整): a region's keepers copy it into their region's own chain,
     * which they then edit; the system and accounts of no region have none to adapt it for.
     */
    adapt: (a: Actor, chain: { actorRegion: string }) => keeper(a) && chain.actorRegion !== '000000',
  }),
  enterprise: definePolicy('enterprise', {
    read: (a: Actor) => signedIn(a),
    import: (a: Actor) => keeper(a),
    /** Confirm, leave uncertain or reject an enterprise's link to a segment. */
    decide: (a: Actor) => keeper(a),
  }),
  // Coverage, 堵点, 卡点 and 成龙配套 are read by everyone signed in; the keepers mark chokepoints and turn 招商
  // targets into ledger tasks and projects (the ledger's own rights apply to the task too).
  analysis: definePolicy('analysis', {
    read: (a: Actor) => signedIn(a),
    write: (a: Actor) => keeper(a),
  }),
  // Clusters (产业集群) and their carrier zones: read by everyone signed in, like the chains they group; kept by the
  // chain office (the atlas's keepers), who create, edit, import and delete them.
  // Their indicator values and import follow `write`; the readiness thresholds hold for every region's clusters, so
  // only administrators set them.
  cluster: definePolicy('cluster', {
    read: (a: Actor) => signedIn(a),
    write: (a: Actor) => keeper(a),
    setThresholds: (a: Actor) => isAdministrator(a),
  }),
  // The chain-chief system (链长制): each region's record of a chain (链长, 链长办, working group, lists) is read by
  // everyone signed in and kept by that region's chain office (its keepers); administrators keep every region's.
  chief: definePolicy('chief', {
    read: (a: Actor) => signedIn(a),
    edit: (a: Actor, record: { regionCode: string; actorRegion: string }) => isAdministrator(a) || (keeper(a) && record.regionCode !== '000000' && record.regionCode === record.actorRegion),
  }),
  // Intermediaries (协会、联盟、中介机构) and their member lists: read by everyone signed in, like the clusters and
  // chains they serve; kept by the atlas's keepers, who create, edit and delete them and add, import and remove members.
  intermediary: definePolicy('intermediary', {
    read: (a: Actor) => signedIn(a),
    write: (a: Actor) => keeper(a),
  }),
} as const;

declare module '../../lib/abilities.ts' {
  interface Policies {
    atlas: typeof atlasPolicy;
  }
}
