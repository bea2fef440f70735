/** Which main-navigation entry is marked as the current page. */

/**
 * The navigation entry the page belongs to: the longest entry that is the path or a parent of it
 * ("/outreach/desks" under "Sportelli", not also under "/outreach"); the home page only on itself.
 */
export function activeNavEntry(entries: readonly string[], pathname: string): string | null {
  let best: string | null = null;
  for (const to of entries) {
    const hit = to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
    if (hit && (best === null || to.length > best.length)) best = to;
  }
  return best;
}
