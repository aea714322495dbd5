import { useCallback, useEffect, useState } from 'react';

/**
 * A view's state kept in the page's URL: read from the query string, written back to it on each change
 * (a new history entry), and read again on Back and Forward — so Back works and a link shares the view.
 */
export function useUrlState<T>(fromSearch: (search: string) => T, toSearch: (value: T) => string): [T, (value: T) => void] {
  const [value, setValue] = useState(() => fromSearch(location.search));
  useEffect(() => {
    const onPop = (): void => setValue(fromSearch(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, [fromSearch]);
  const change = useCallback(
    (next: T) => {
      history.pushState(null, '', `${location.pathname}${toSearch(next)}`);
      setValue(next);
    },
    [toSearch],
  );
  return [value, change];
}
