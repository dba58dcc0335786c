/**
 * Small-group suppression: a count that rests on fewer than k respondents is replaced before it leaves
 * the server, so no respondent can be singled out. In a breakdown whose total is shown, a single hidden
 * cell could be worked out as total minus the rest, so at least one more cell is hidden with it
 * (complementary suppression: the smallest remaining non-zero cell). Pure.
 */
export type Suppressed = { suppressed: true };
export type Shown = { suppressed: false; n: number };
export type SafeCount = Shown | Suppressed;

export function safeCount(n: number, k: number): SafeCount {
  // Zero reveals nothing about a person; 1..k-1 could.
  return n === 0 || n >= k ? { suppressed: false, n } : { suppressed: true };
}

export type Cell<K extends string = string> = { key: K; n: number };
export type SafeCell<K extends string = string> = { key: K } & SafeCount;

/**
 * Suppresses a breakdown whose total is published. Every cell with 0 < n < k is hidden; then, while exactly
 * one cell is hidden (or the hidden cells together are below k), the smallest shown non-zero cell is hidden too.
 * If the total itself is below k, everything is hidden.
 */
export function suppressBreakdown<K extends string>(cells: Cell<K>[], k: number): { cells: SafeCell<K>[]; total: SafeCount } {
  const total = cells.reduce((s, c) => s + c.n, 0);
  if (total > 0 && total < k) {
    return { cells: cells.map((c) => ({ key: c.key, suppressed: true as const })), total: { suppressed: true } };
  }
  const hidden = new Set(cells.filter((c) => c.n > 0 && c.n < k).map((c) => c.key));
  const hiddenSum = () => cells.filter((c) => hidden.has(c.key)).reduce((s, c) => s + c.n, 0);
  while (hidden.size > 0 && (hidden.size === 1 || hiddenSum() < k)) {
    const next = cells.filter((c) => !hidden.has(c.key) && c.n > 0).sort((a, b) => a.n - b.n)[0];
    if (!next) break;
    hidden.add(next.key);
  }
  return {
    cells: cells.map((c) => (hidden.has(c.key) ? { key: c.key, suppressed: true as const } : { key: c.key, suppressed: false as const, n: c.n })),
    total: { suppressed: false, n: total },
  };
}

/** A share of a shown total, or null where the cell (or the total) is hidden. */
export function shareOf(cell: SafeCount, total: SafeCount): number | null {
  if (cell.suppressed || total.suppressed || total.n === 0) return null;
  return cell.n / total.n;
}
