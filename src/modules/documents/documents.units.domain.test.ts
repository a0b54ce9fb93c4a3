import { describe, expect, it } from 'vitest';
import { type DirectoryUnit, createUnitMatcher, guessCityPrefixes, matchUnitNames, splitUnitList, unitKey } from './documents.units.domain.ts';

const unit = (id: string, name: string, shortName: string | null, aliases: string[] = [], kind = 'department', parentId: string | null = null): DirectoryUnit =>
  ({ id, name, shortName, aliases, kind, parentId });

const DIRECTORY: DirectoryUnit[] = [
  unit('zfb', '天津市人民政府办公厅', '市政府办公厅'),
  unit('swbgt', '中共天津市委办公厅', '市委办公厅', [], 'party'),
  unit('xcb', '中共天津市委宣传部', '市委宣传部', ['市新闻出版局'], 'party'),
  unit('wxb', '中共天津市委网络安全和信息化委员会办公室', '市委网信办', [], 'party'),
  unit('fgw', '天津市发展和改革委员会', '市发展改革委', ['市发改委']),
  unit('gxj', '天津市工业和信息化局', '市工业和信息化局'),
  unit('kjj', '天津市科学技术局', '市科技局'),
  unit('czj', '天津市财政局', '市财政局'),
  unit('rsj', '天津市人力资源和社会保障局', '市人力资源社会保障局'),
  unit('zjw', '天津市住房和城乡建设委员会', '市住房城乡建设委'),
  unit('gzj', '天津市规划和自然资源局', '市规划资源局'),
  unit('scjgw', '天津市市场监督管理委员会', '市市场监管委'),
  unit('swj', '天津市商务局', '市商务局'),
  unit('jw', '天津市教育委员会', '市教委'),
  unit('gzw', '天津市人民政府国有资产监督管理委员会', '市国资委'),
  unit('wjw', '天津市卫生健康委员会', '市卫生健康委'),
  unit('hp', '天津市和平区人民政府', '和平区政府', [], 'district_government'),
  unit('bh', '天津市滨海新区人民政府', '滨海新区政府', [], 'district_government'),
  unit('xq', '天津市西青区人民政府', '西青区政府', [], 'district_government'),
  unit('bh-fgw', '天津市滨海新区发展和改革委员会', '滨海新区发展改革委', [], 'department', 'bh'),
];

const ids = (raw: string) => matchUnitNames(raw, DIRECTORY).matched.map((m) => m.unitId);

describe('splitUnitList', () => {
  it.each([
    ['市发改委、市工信局，市科技局；市财政局;市商务局', ['市发改委', '市工信局', '市科技局', '市财政局', '市商务局']],
    ['市发改委\n市工信局\r\n市科技局', ['市发改委', '市工信局', '市科技局']],
    ['市发改委 市工信局　市科技局', ['市发改委', '市工信局', '市科技局']],
    ['市发改委（牵头）、市工信局等', ['市发改委', '市工信局']],
    ['牵头单位：市发改委', ['市发改委']],
    ['市委宣传部（市新闻出版局、市版权局）、市财政局', ['市委宣传部（市新闻出版局、市版权局）', '市财政局']],
    ['市发改委牵头，各区人民政府按职责分工负责', ['市发改委', '各区人民政府']],
    ['市发改委、市工信局等有关部门', ['市发改委', '市工信局', '有关部门']],
    ['市水务局等市有关部门', ['市水务局', '市有关部门']],
    ['1. 市发改委\n2. 市工信局', ['市发改委', '市工信局']],
    ['、、 ，', []],
  ])('%s', (raw, expected) => {
    expect(splitUnitList(raw)).toEqual(expected);
  });
});

describe('unitKey', () => {
  it('folds official full forms and abbreviations together', () => {
    const p = ['天津市'];
    for (const [a, b] of [
      ['天津市发展和改革委员会', '市发改委'], ['市发展改革委', '发改委'],
      ['天津市工业和信息化局', '市工信局'],
      ['天津市人力资源和社会保障局', '市人社局'],
      ['天津市住房和城乡建设委员会', '市住建委'], ['市住房城乡建设委', '住建委'],
      ['天津市规划和自然资源局', '市规划资源局'],
      ['天津市市场监督管理委员会', '市场监管委'],
      ['中共天津市委网络安全和信息化委员会办公室', '市委网信办'],
      ['天津市科学技术局', '市科技局'],
      ['天津市教育委员会', '市教委'],
      ['天津市人民政府国有资产监督管理委员会', '市政府国资委'],
    ]) expect(unitKey(a, p)).toBe(unitKey(b, p));
    expect(unitKey('天津市市场监督管理委员会', p)).toBe('市场监管委');
    expect(unitKey('天津市和平区人民政府', p)).toBe('和平区政府');
  });

  it('finds the city prefix the directory shares', () => {
    expect(guessCityPrefixes(DIRECTORY)).toEqual(['天津市']);
  });
});

describe('matchUnitNames', () => {
  it('matches by name, short name and alias as written', () => {
    const r = matchUnitNames('天津市财政局、市科技局、市发改委、市新闻出版局', DIRECTORY);
    expect(r.matched).toEqual([
      { raw: '天津市财政局', unitId: 'czj', how: 'name' },
      { raw: '市科技局', unitId: 'kjj', how: 'shortName' },
      { raw: '市发改委', unitId: 'fgw', how: 'alias' },
      { raw: '市新闻出版局', unitId: 'xcb', how: 'alias' },
    ]);
    expect(r.unmatched).toEqual([]);
    expect(r.groups).toEqual([]);
  });

  it.each([
    ['发改委', 'fgw'], ['市发展和改革委员会', 'fgw'], ['天津市发改委', 'fgw'],
    ['市工信局', 'gxj'], ['工业和信息化局', 'gxj'],
    ['市人社局', 'rsj'], ['人力资源社会保障局', 'rsj'],
    ['市住建委', 'zjw'], ['住房和城乡建设委员会', 'zjw'],
    ['市规划和自然资源局', 'gzj'], ['规资局', 'gzj'],
    ['市场监管委', 'scjgw'], ['市市场监督管理委员会', 'scjgw'],
    ['市委网信办', 'wxb'], ['网信办', 'wxb'],
    ['科技局', 'kjj'], ['市科学技术局', 'kjj'],
    ['市教育委员会', 'jw'], ['教委', 'jw'],
    ['市国资委', 'gzw'], ['国资委', 'gzw'],
    ['市卫健委', 'wjw'],
    ['市委宣传部', 'xcb'], ['市政府办公厅', 'zfb'], ['市委办公厅', 'swbgt'],
    ['滨海新区发改委', 'bh-fgw'],
    // a district named alone in a unit list is its government
    ['滨海新区', 'bh'], ['和平区', 'hp'],
  ])('%s → %s', (raw, id) => {
    const r = matchUnitNames(raw, DIRECTORY);
    expect(r.matched.map((m) => m.unitId)).toEqual([id]);
  });

  it('expands 各区人民政府 to every district government and flags 有关部门 for a person', () => {
    const r = matchUnitNames('市发改委、各区人民政府、市有关部门', DIRECTORY);
    expect(r.matched.map((m) => m.unitId)).toEqual(['fgw']);
    expect(r.groups).toEqual([
      { raw: '各区人民政府', kind: 'district_government', unitIds: ['hp', 'bh', 'xq'], resolved: true },
      { raw: '市有关部门', kind: null, unitIds: [], resolved: false },
    ]);
    for (const word of ['各区', '各区政府', '各区县人民政府']) {
      expect(matchUnitNames(word, DIRECTORY).groups[0]).toMatchObject({ kind: 'district_government', resolved: true });
    }
    for (const word of ['有关部门', '各有关部门', '相关单位', '市级有关部门', '各成员单位']) {
      expect(matchUnitNames(word, DIRECTORY).groups).toEqual([{ raw: word, kind: null, unitIds: [], resolved: false }]);
    }
    expect(matchUnitNames('各涉农区', DIRECTORY).groups[0]).toMatchObject({ kind: 'district_government', resolved: false });
    expect(matchUnitNames('各区发展改革委', DIRECTORY).groups).toEqual([{ raw: '各区发展改革委', kind: null, unitIds: ['bh-fgw'], resolved: true }]);
    expect(matchUnitNames('各区科技局', DIRECTORY).groups).toEqual([{ raw: '各区科技局', kind: null, unitIds: [], resolved: false }]);
  });

  it('keeps what it cannot match, with suggestions, and never drops a name', () => {
    const raw = '市发改委、市科委、市大数据管理中心、市财政局';
    const r = matchUnitNames(raw, DIRECTORY);
    expect(r.matched.map((m) => m.raw)).toEqual(['市发改委', '市财政局']);
    expect(r.unmatched.map((u) => u.raw)).toEqual(['市科委', '市大数据管理中心']);
    expect(r.unmatched[0].suggestions[0]).toMatchObject({ unitId: 'kjj' });
    expect(r.unmatched[0].ambiguous).toBe(false);
    const total = r.matched.length + r.unmatched.length + r.groups.length;
    expect(total).toBe(splitUnitList(raw).length);
  });

  it('reports a name that fits several units as ambiguous', () => {
    const dir = [...DIRECTORY, unit('dup', '天津市发展改革研究所', null, ['市发改委'])];
    const r = matchUnitNames('市发改委', dir);
    expect(r.matched).toEqual([]);
    expect(r.unmatched).toEqual([{ raw: '市发改委', ambiguous: true, suggestions: [{ unitId: 'fgw', score: 1 }, { unitId: 'dup', score: 1 }] }]);
  });

  it('splits two names written without a separator', () => {
    const r = matchUnitNames('市发改委市工信局', DIRECTORY);
    expect(r.matched).toEqual([
      { raw: '市发改委市工信局', unitId: 'fgw', how: 'split' },
      { raw: '市发改委市工信局', unitId: 'gxj', how: 'split' },
    ]);
  });

  it('reuses one matcher for many rows', () => {
    const match = createUnitMatcher(DIRECTORY);
    expect(match('市发改委').matched[0].unitId).toBe('fgw');
    expect(match('市商务局、市教委').matched.map((m) => m.unitId)).toEqual(['swj', 'jw']);
    expect(ids('')).toEqual([]);
  });
});
