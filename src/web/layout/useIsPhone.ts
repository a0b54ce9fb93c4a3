import { useMediaQuery } from './useMediaQuery.ts';

// antd's `md` breakpoint: below it the side menu becomes a drawer.
const QUERY = '(max-width: 767.98px)';

/** Whether the screen is phone-sized (narrower than 768 px); right on the first render, unlike Grid.useBreakpoint. */
export function useIsPhone(): boolean {
  return useMediaQuery(QUERY);
}
