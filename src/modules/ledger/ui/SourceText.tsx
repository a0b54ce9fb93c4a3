import { memo, useEffect, useMemo, useRef } from 'react';
import { theme } from 'antd';

/**
 * The source text with line numbers; the lines from `highlight.from` to `highlight.to` are marked and scrolled into
 * view. Clicking a line reports its number (the editor selects the node it belongs to).
 */
export const SourceText = memo(function SourceText(props: { text: string; highlight: { from: number; to: number } | null; onLineClick?: (line: number) => void; maxHeight?: number | string }) {
  const { text, highlight, onLineClick, maxHeight } = props;
  const { token } = theme.useToken();
  const box = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => text.replace(/\f/g, '').split('\n'), [text]);

  useEffect(() => {
    if (!highlight || !box.current) return;
    const line = box.current.querySelector<HTMLElement>(`[data-line="${highlight.from}"]`);
    if (line) box.current.scrollTo({ top: Math.max(0, line.offsetTop - 48), behavior: 'smooth' });
  }, [highlight]);

  const gutter = `${String(lines.length).length + 1}ch`;
  return (
    <div
      ref={box}
      data-testid="source-text"
      style={{ position: 'relative', overflow: 'auto', maxHeight, fontSize: 13, lineHeight: 1.7, background: token.colorFillQuaternary, borderRadius: token.borderRadius, padding: '4px 0' }}
    >
      {lines.map((line, i) => {
        const n = i + 1;
        const marked = highlight !== null && n >= highlight.from && n <= highlight.to;
        return (
          <div
            key={n}
            data-line={n}
            data-highlighted={marked || undefined}
            onClick={onLineClick ? () => onLineClick(n) : undefined}
            style={{
              display: 'grid',
              gridTemplateColumns: `${gutter} 1fr`,
              gap: 8,
              paddingInline: 8,
              cursor: onLineClick ? 'pointer' : undefined,
              background: marked ? token.colorWarningBg : undefined,
              borderInlineStart: `3px solid ${marked ? token.colorWarning : 'transparent'}`,
            }}
          >
            <span style={{ color: token.colorTextQuaternary, textAlign: 'right', userSelect: 'none' }}>{n}</span>
            <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', minHeight: '1.7em' }}>{line}</span>
          </div>
        );
      })}
    </div>
  );
});
