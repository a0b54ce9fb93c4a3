/**
 * Telling closing paragraphs (结尾段) from the last article's own text. After the last article
 * an unnumbered paragraph is read as the article's continuation unless one of these holds:
 * 1. it is unmistakably a document-level ending — "全党全军全国各族人民要……", "让我们……",
 *    "本意见自印发之日起施行", "此前规定与本方案不一致的，以本方案为准", "特此通知。";
 * 2. it is addressed to the implementers of the whole document — "各地区、各部门要结合实际
 *    制定实施方案……", "以上措施……" — and is not the article's only text;
 * 3. it starts with 各地区/各部门/有关部门 … and the last article already has more paragraphs than
 *    any of its siblings (the extra one is where the article's pattern breaks);
 * 4. every sibling has the same number of paragraphs (≥ 3 siblings), the last article has more,
 *    and the extra paragraph does not open like a task sentence (要/加强/推动 …).
 */

const VERY_STRONG = [
  /^(全党|全军|全国各族人民|全省|全市|全区|全县)[^。]{0,40}(要|必须|务必|应当|一定要)/,
  /^让我们/,
  /^(特此(通知|通报|函告|公告|批复|报告)|此复|专此(报告|函告))[。！]?$/,
  /^本(决定|意见|方案|通知|办法|规定|细则|条例|规划|计划|纲要|措施|实施意见|实施方案|指导意见|工作方案|行动方案|行动计划|实施细则|若干措施|政策措施|清单)[^。]{0,30}(自|从)[^。]{0,20}(施行|实施|执行|生效)/,
  /^本(决定|意见|方案|通知|办法|规定|细则|条例|规划|计划|纲要|措施|实施意见|实施方案|指导意见|工作方案|行动方案|行动计划|实施细则|若干措施|政策措施)[^。]{0,10}由[^。]{0,30}负责(解释|协调)/,
  /^(此前|以往|原|过去)[^。]{0,40}(与本|同本)[^。]{0,20}(不一致|不符)[^。]{0,10}以本[^。]{0,10}为准/,
];
const STRONG = [
  /^(各地区|各地方|各部门|各省|各地|各级|各区|各有关部门|各有关单位|各单位|各成员单位|国务院各部门|各级党委|各级党组织)[^。]{0,60}(结合实际|结合本地|认真贯彻|贯彻落实|抓好落实|抓好贯彻|实施方案|工作方案|具体措施|实施细则|配套措施|报送|报告|备案|认真组织实施|抓紧制定)/,
  /^(以上|上述)[^。]{0,12}(意见|措施|方案|任务|要求|政策)/,
];
const MEDIUM = /^(各地区|各地方|各部门|各省|各地|各级|各区|各有关|各单位|各成员单位|国务院有关部门|国务院各部门|市有关部门|有关部门|各级党委和政府)/;
const TASK_OPENING = /^(同时|此外|另外|其中|对|要|并|同步|加快|支持|鼓励|推动|推进|健全|完善|建立|强化|加强|落实|严格|坚持|实施|开展|深化|探索|引导|提升|提高|依托|围绕|充分|积极|进一步)/;

/**
 * Returns the index in the last article's paragraphs where the closing starts, or null when
 * every paragraph belongs to the article.
 * @param paragraphs the last article's own paragraphs (the text after its heading first)
 * @param siblingCounts how many paragraphs each of its siblings of the same style has
 * @param firstIsInline the first paragraph stood in the heading's own paragraph, so it is the
 *   article's text whatever it says
 */
export function findClosingStart(paragraphs: string[], siblingCounts: number[], firstIsInline: boolean): number | null {
  const maxSibling = siblingCounts.length ? Math.max(...siblingCounts) : null;
  const uniform = siblingCounts.length >= 3 && siblingCounts.every((c) => c === maxSibling);
  const excessFrom = maxSibling !== null && siblingCounts.length >= 2 && paragraphs.length > maxSibling ? Math.max(1, maxSibling) : null;
  for (let j = 0; j < paragraphs.length; j++) {
    const p = paragraphs[j];
    if (j === 0 && firstIsInline) continue;
    if (VERY_STRONG.some((re) => re.test(p))) return j;
    if (j === 0) continue;
    if (STRONG.some((re) => re.test(p))) return j;
    if (excessFrom !== null && j >= excessFrom && MEDIUM.test(p)) return j;
    if (uniform && excessFrom !== null && j === excessFrom && !TASK_OPENING.test(p)) return j;
  }
  return null;
}
