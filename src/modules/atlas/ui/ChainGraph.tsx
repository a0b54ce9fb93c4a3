import { useEffect, useRef } from 'react';
import { Graph, type EdgeData, type IElementEvent, type NodeData } from '@antv/g6';
import type { MapData } from './chain-map.ts';

interface Props {
  data: MapData;
  selected: string | null;
  /** A segment to centre on; `seq` changes on every request, so the same segment can be asked for again. */
  focus: { key: string; seq: number } | null;
  onSelect: (key: string) => void;
  onToggle: (key: string) => void;
  fitSeq: number;
  height: number;
}

/**
 * The chain map on a canvas (AntV G6, loaded with this page only): stage boxes (combos; double-click one to collapse
 * it), segments at the positions chain-map.ts computed, supply edges; drag to pan, wheel to zoom. The container
 * states what is drawn (data-* attributes), so a browser test can see it without reading pixels.
 */
export default function ChainGraph({ data, selected, focus, onSelect, onToggle, fitSeq, height }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const graph = useRef<Graph | null>(null);
  const ready = useRef<Promise<void>>(Promise.resolve());
  const handlers = useRef({ onSelect, onToggle });
  handlers.current = { onSelect, onToggle };
  const selectedRef = useRef<string | null>(selected);
  /** Stage boxes collapsed by a double-click: kept across new data, opened again when a segment in one is focused. */
  const collapsedCombos = useRef<Set<string>>(new Set());
  const showCollapsed = () => {
    if (box.current) box.current.dataset.collapsed = [...collapsedCombos.current].join(',');
  };
  /**
   * Runs drawing work after the work queued before it. A failed step is logged and the queue goes on: one failure
   * (G6 asked for an element it had not drawn) left every later step — expand all, collapse, focus — undone.
   */
  const queue = (work: () => Promise<void> | void) => {
    ready.current = ready.current.then(work).catch((error: unknown) => console.error('chain map:', error));
  };

  useEffect(() => {
    const g = new Graph({
      container: box.current!,
      animation: false,
      zoomRange: [0.03, 4],
      // Room round the stage boxes when the view is fitted: without it the outer boxes touched the canvas's edges and
      // the downstream box read as cut off (at 1440 px).
      padding: 24,
      node: {
        type: 'circle',
        style: { labelPlacement: 'right', labelFontSize: 12, labelOffsetX: 4, lineWidth: 1, cursor: 'pointer' },
        state: { selected: { lineWidth: 3, stroke: '#f5222d', labelFontWeight: 700, halo: true, haloStroke: '#f5222d' } },
      },
      edge: { type: 'cubic-horizontal', style: { stroke: '#91caff', endArrow: true, endArrowSize: 6 }, state: { active: { stroke: '#fa8c16', opacity: 1, lineWidth: 2 } } },
      // A collapsed stage box keeps its label and shows how many segments it holds.
      combo: {
        type: 'rect',
        style: { padding: 18, fill: '#fafafa', stroke: '#bfbfbf', labelPlacement: 'top', labelFontSize: 14, labelFontWeight: 600, collapsedSize: 40, collapsedMarker: true, collapsedMarkerType: 'node-count', collapsedMarkerFill: '#262626', collapsedMarkerFontSize: 14 },
      },
      behaviors: ['drag-canvas', 'zoom-canvas'],
    });
    graph.current = g;
    g.on('node:click', (e: IElementEvent) => handlers.current.onSelect(String(e.target.id)));
    g.on('node:dblclick', (e: IElementEvent) => handlers.current.onToggle(String(e.target.id)));
    g.on('combo:dblclick', (e: IElementEvent) => {
      const id = String(e.target.id);
      const collapsed = collapsedCombos.current.has(id);
      if (collapsed) collapsedCombos.current.delete(id);
      else collapsedCombos.current.add(id);
      showCollapsed();
      queue(() => (collapsed ? g.expandElement(id) : g.collapseElement(id)));
    });
    return () => {
      graph.current = null;
      g.destroy();
    };
  }, []);

  // New data (a region chosen, a sub-tree opened): drawn again at the same zoom; the first drawing fits the view.
  const drawn = useRef(false);
  useEffect(() => {
    const g = graph.current;
    if (!g) return;
    queue(async () => {
      if (graph.current !== g) return;
      // A stage box the person collapsed stays collapsed when the data changes (a region chosen, a sub-tree opened).
      const combos = data.combos.map((c) => (collapsedCombos.current.has(c.id) ? { ...c, style: { ...c.style, collapsed: true } } : c));
      g.setData({ nodes: data.nodes as unknown as NodeData[], edges: data.edges as unknown as EdgeData[], combos });
      await g.render();
      if (!drawn.current) {
        drawn.current = true;
        await g.fitView();
      }
      const s = selectedRef.current;
      if (s && data.nodes.some((n) => n.id === s)) {
        const states: Record<string, string[]> = { [s]: ['selected'] };
        for (const e of data.edges) if (e.source === s || e.target === s) states[e.id] = ['active'];
        await g.setElementState(states);
      }
      const el = box.current;
      if (el) {
        el.dataset.nodes = String(data.nodes.length);
        el.dataset.edges = String(data.edges.length);
        el.dataset.combos = g.getComboData().map((c) => c.id).join(',');
        // One drawn segment and where it lies in the container, so that a browser test or bench can click it.
        const probe = data.nodes[0];
        if (probe) el.dataset.probe = JSON.stringify([probe.id, ...g.getViewportByCanvas(g.getElementPosition(probe.id)).slice(0, 2).map(Math.round)]);
        // And a point in the first stage box's left padding (not on a segment, below its label), to double-click it.
        const first = data.combos[0];
        if (first) {
          const [minX] = g.getElementRenderBounds(first.id).min;
          const [, middleY] = g.getElementPosition(first.id);
          el.dataset.comboProbe = JSON.stringify([first.id, ...g.getViewportByCanvas([minX + 6, middleY]).slice(0, 2).map(Math.round)]);
        }
      }
    });
  }, [data]);

  useEffect(() => {
    const g = graph.current;
    if (!g || fitSeq === 0) return;
    queue(() => g.fitView());
  }, [fitSeq]);

  useEffect(() => {
    const g = graph.current;
    const previous = selectedRef.current;
    selectedRef.current = selected;
    if (!g) return;
    queue(async () => {
      const states: Record<string, string[]> = {};
      if (previous && previous !== selected && g.getNodeData().some((n) => n.id === previous)) states[previous] = [];
      if (selected && g.getNodeData().some((n) => n.id === selected)) states[selected] = ['selected'];
      // The selected segment's supply edges stand out from the faded rest.
      for (const e of g.getEdgeData()) {
        const mine = selected !== null && (e.source === selected || e.target === selected);
        const was = previous !== null && (e.source === previous || e.target === previous);
        if (mine) states[String(e.id)] = ['active'];
        else if (was) states[String(e.id)] = [];
      }
      if (Object.keys(states).length) await g.setElementState(states);
    });
  }, [selected]);

  useEffect(() => {
    const g = graph.current;
    if (!g || !focus) return;
    queue(async () => {
      const node = g.getNodeData().find((n) => n.id === focus.key);
      if (!node) return;
      // A segment in a collapsed stage box: the box opens first (G6 cannot centre on what it has not drawn).
      const combo = node.combo ? String(node.combo) : null;
      if (combo && collapsedCombos.current.has(combo)) {
        collapsedCombos.current.delete(combo);
        showCollapsed();
        await g.expandElement(combo);
      }
      if (g.getZoom() < 0.8) await g.zoomTo(1);
      await g.focusElement(focus.key);
      // How far the segment is from the middle of the canvas after centring (a test reads it).
      const [x, y] = g.getViewportByCanvas(g.getElementPosition(focus.key));
      const [w, h] = g.getSize();
      if (box.current) {
        box.current.dataset.focused = focus.key;
        box.current.dataset.focusOffset = String(Math.round(Math.hypot(x - w / 2, y - h / 2)));
      }
    });
  }, [focus]);

  return <div ref={box} data-testid="chain-graph" style={{ width: '100%', height, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }} />;
}
