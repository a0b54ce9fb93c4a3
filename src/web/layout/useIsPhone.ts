import { useSyncExternalStore } from 'react';

// antd's `md` breakpoint: below it the side menu becomes a drawer.
const QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** Whether the screen is phone-sized (narrower than 768 px); right on the first render, unlike Grid.useBreakpoint. */
export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches, () => false);
}
