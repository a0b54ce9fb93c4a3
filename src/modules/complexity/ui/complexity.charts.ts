/**
 * ECharts options of the complexity pages, built from API data: the ECI ranking bars, the product space and the
 * opportunity scatter. Pure: data and a translator in, an option out.
 */
import type { ProductSpace, ProfileProduct, RankedLocation } from './complexity.api.ts';
import { totalUnits, type complexityMessages } from './complexity.messages.ts';
import { translate } from '../../../web/i18n.ts';

type T = (key: keyof typeof complexityMessages & string, params?: Record<string, string | number>) => string;

export const COLORS = { present: '#1677ff', opportunity: '#fa8c16', other: '#d9d9d9', link: '#bfbfbf', negative: '#8c8c8c' } as const;

/** A round upper bound just above x (0.137 → 0.14, 0.6 → 0.6, 13 → 14). */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / step) * step;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A number for a tooltip or a table: three decimals, or "—" where it is undefined. */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/**
 * A total as people read it: grouped digits, large ones in the units of each language — 亿 and 万 in Chinese, billion
 * and million in English (1.21e12 → "12,100亿" / "1,210 billion", 35000 → "35,000"). The value's currency is the
 * table's own (its header names it), so no currency is added.
 */
export function formatTotal(x: number, locale: string): string {
  const group = (v: number, digits: number) => new Intl.NumberFormat(locale.startsWith('zh') ? 'zh-CN' : 'en', { maximumFractionDigits: digits }).format(v);
  const a = Math.abs(x);
  if (!Number.isFinite(x)) return '—';
  if (locale.startsWith('zh')) {
    if (a >= 1e8) return translate(totalUnits.yi, { n: group(x / 1e8, a >= 1e10 ? 0 : 2) }, 'zh-CN');
    if (a >= 1e5) return translate(totalUnits.wan, { n: group(x / 1e4, 0) }, 'zh-CN');
    return group(x, 2);
  }
  if (a >= 1e9) return `${group(x / 1e9, a >= 1e11 ? 0 : 2)} billion`;
  if (a >= 1e6) return `${group(x / 1e6, a >= 1e8 ? 0 : 2)} million`;
  return group(x, 2);
}

/**
 * Horizontal bars of ECI, most complex on top, 25 at a time with a slider; the chosen location in orange.
 * @example rankingOption(ranking.locations, 'Japan')
 */
export function rankingOption(locations: RankedLocation[], selected: string | null, visible = 25) {
  const ranked = locations.filter((l) => l.eci !== null);
  return {
    animation: false,
    grid: { left: 8, right: 28, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => formatNumber(v) },
    xAxis: { type: 'value', position: 'top', splitNumber: visible < 20 ? 3 : 5, axisLabel: { fontSize: 11 }, splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: { type: 'category', inverse: true, data: ranked.map((l) => `${l.rank}. ${l.label ?? l.location}`), axisLabel: { width: 140, overflow: 'truncate' } },
    dataZoom: [
      { type: 'slider', yAxisIndex: 0, startValue: 0, endValue: Math.min(visible, ranked.length) - 1, right: 4, width: 14, showDetail: false, brushSelect: false },
      { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
    ],
    series: [
      {
        id: 'eci',
        type: 'bar',
        barMaxWidth: 14,
        data: ranked.map((l) => ({
          value: l.eci,
          name: l.location,
          itemStyle: { color: l.location === selected ? COLORS.opportunity : l.eci! >= 0 ? COLORS.present : COLORS.negative },
        })),
      },
    ],
  };
}

/**
 * The product space: nodes sized by total value or ubiquity and coloured by the location's presence (M = 1) and its
 * top opportunities; links from the API (spanning tree + strongest), laid out by force from a circle (deterministic).
 */
export function productSpaceOption(space: ProductSpace, opportunities: Set<string>, sizeBy: 'value' | 'ubiquity', t: T, narrow = false) {
  const n = space.nodes.length;
  const maxTotal = Math.max(...space.nodes.map((d) => d.total), 1);
  const maxUbiquity = Math.max(...space.nodes.map((d) => d.ubiquity), 1);
  const categories = [
    { name: t('space.present'), itemStyle: { color: COLORS.present } },
    { name: t('space.opportunity'), itemStyle: { color: COLORS.opportunity } },
    { name: t('space.other'), itemStyle: { color: COLORS.other } },
  ];
  const large = n > 150;
  return {
    animationDuration: 300,
    tooltip: {
      confine: true,
      formatter: (p: { dataType: string; data: { name?: string; pci?: number; ubiquity?: number; rca?: number; density?: number | null; present?: boolean; value?: number }; name?: string }) => {
        if (p.dataType !== 'node') return `${escape(p.name ?? '')}<br/>φ = ${formatNumber(p.data.value)}`;
        const d = p.data;
        const lines = [`<b>${escape(d.name ?? '')}</b>`, `PCI ${formatNumber(d.pci)}`, `${t('col.ubiquity')} ${d.ubiquity}`];
        if (d.rca !== undefined) lines.push(`RCA ${formatNumber(d.rca)}`, `${t('col.density')} ${formatNumber(d.density)}`, d.present ? t('tooltip.present') : t('tooltip.absent'));
        return lines.join('<br/>');
      },
    },
    legend: space.location ? { data: categories.map((c) => c.name), bottom: 0, selectedMode: false } : undefined,
    series: [
      {
        id: 'space',
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        categories,
        data: space.nodes.map((d) => {
          const category = d.mcp === 1 ? 0 : opportunities.has(d.product) ? 1 : space.location ? 2 : 0;
          const scale = sizeBy === 'value' ? Math.sqrt(d.total / maxTotal) : Math.sqrt(d.ubiquity / maxUbiquity);
          return {
            name: d.product,
            category,
            symbolSize: (large ? 4 : 8) + scale * (large ? 14 : 28),
            pci: d.pci,
            ubiquity: d.ubiquity,
            rca: d.rca,
            density: d.density,
            present: d.mcp === 1,
          };
        }),
        links: space.edges.map((e) => ({ source: e.source, target: e.target, value: e.proximity, lineStyle: { width: 0.4 + 2.2 * e.proximity } })),
        lineStyle: { color: COLORS.link, opacity: 0.7 },
        label: { show: n <= 60, position: 'right', fontSize: 10, color: '#595959' },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency', label: { show: true } },
        zoom: large ? 1 : narrow ? 0.7 : 0.85,
        force: { initLayout: 'circular', repulsion: large ? 30 : 160, edgeLength: large ? [4, 30] : [30, 90], gravity: large ? 0.2 : 0.12, friction: 0.3 },
      },
    ],
  };
}

/**
 * Opportunities as bubbles: x = density, y = PCI (or COG), size = COG, only products the location lacks (M = 0);
 * the top ones in orange with their names.
 */
export function opportunityOption(products: ProfileProduct[], top: Set<string>, yAxis: 'pci' | 'cog', t: T) {
  const candidates = products.filter((p) => p.mcp === 0 && p.density !== null && p.pci !== null && p.cog !== null);
  const cogs = candidates.map((p) => p.cog!);
  const [lo, hi] = [Math.min(...cogs), Math.max(...cogs)];
  const size = (cog: number) => 6 + (hi > lo ? (cog - lo) / (hi - lo) : 0.5) * 26;
  const point = (p: ProfileProduct) => ({ name: p.product, value: [p.density, yAxis === 'pci' ? p.pci : p.cog, p.cog, p.pci, p.rank], symbolSize: size(p.cog!) });
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 36, bottom: 40, containLabel: true },
    legend: { top: 0, data: [t('opportunity.top', { count: top.size }), t('opportunity.others')] },
    tooltip: {
      confine: true,
      formatter: (p: { name: string; value: number[] }) =>
        [`<b>${escape(p.name)}</b>`, `${t('col.density')} ${formatNumber(p.value[0])}`, `PCI ${formatNumber(p.value[3])}`, `COG ${formatNumber(p.value[2])}`, `${t('col.score')} #${p.value[4]}`].join('<br/>'),
    },
    // Room on the right for the names of the nearest products.
    xAxis: { type: 'value', name: t('opportunity.density'), nameLocation: 'middle', nameGap: 26, min: 0, max: (v: { max: number }) => niceCeil(v.max * 1.25), splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: { type: 'value', name: yAxis === 'pci' ? 'PCI' : 'COG', scale: true, splitLine: { lineStyle: { type: 'dashed' } } },
    series: [
      {
        id: 'others',
        name: t('opportunity.others'),
        type: 'scatter',
        itemStyle: { color: COLORS.negative, opacity: 0.45 },
        data: candidates.filter((p) => !top.has(p.product)).map(point),
      },
      {
        id: 'top',
        name: t('opportunity.top', { count: top.size }),
        type: 'scatter',
        itemStyle: { color: COLORS.opportunity, opacity: 0.9, borderColor: '#fff', borderWidth: 1 },
        label: { show: true, position: 'right', formatter: '{b}', fontSize: 11, color: '#262626' },
        labelLayout: { hideOverlap: true },
        data: candidates.filter((p) => top.has(p.product)).map(point),
      },
    ],
  };
}

/**
 * The ranking without the locations below a size threshold (total value under `minTotal`), as the Atlas of Economic
 * Complexity leaves out tiny territories; the others keep their order and are ranked again among themselves.
 */
export function aboveThreshold(locations: RankedLocation[], minTotal: number | null): { kept: RankedLocation[]; left: number } {
  if (!minTotal || minTotal <= 0) return { kept: locations, left: 0 };
  let rank = 0;
  const kept = locations.filter((l) => l.total >= minTotal).map((l) => ({ ...l, rank: l.rank === null ? null : ++rank }));
  return { kept, left: locations.length - kept.length };
}
