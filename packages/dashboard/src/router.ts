/**
 * Client routes on the History API: the site answers index.html for any path without an
 * extension, so /reports/abc survives a reload or a shared link.
 */
import { useEffect, useState } from 'preact/hooks';

const CHANGE = 'pynomaly:navigate';

export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new Event(CHANGE));
}

/** The current path and query, re-rendering on navigation and Back/Forward. */
export function useLocation(): URL {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const update = () => setHref(location.href);
    addEventListener('popstate', update);
    addEventListener(CHANGE, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(CHANGE, update);
    };
  }, []);
  return new URL(href);
}

/** A link that navigates in the page (plain clicks only: modified clicks open tabs as usual). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
