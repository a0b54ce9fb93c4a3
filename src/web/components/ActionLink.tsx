import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';

/**
 * Text in a table or list that acts on the page (opens a drawer, selects a segment) and looks like a link. An `<a>`
 * without an address is skipped by Tab and read as plain text; this one is a button to the keyboard (Tab reaches it,
 * Enter or Space acts) and to screen readers, with antd's link colour.
 */
export function ActionLink({ onClick, children, ...rest }: { onClick: (event: MouseEvent | KeyboardEvent) => void; children: ReactNode; 'data-testid'?: string }) {
  return (
    <a
      role="button"
      tabIndex={0}
      onClick={onClick}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onClick(event);
        }
      }}
      {...rest}
    >
      {children}
    </a>
  );
}
