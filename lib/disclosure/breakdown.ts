/**
 * A breakdown (cells that add up to a total: the answers to one question, responses by language...) made into
 * Figures. Each cell and the total is perturbed on its own (see figure.ts), so the figures need not add up, and a
 * hidden cell cannot be worked out as the total minus the rest: the total and every shown cell carry their own
 * noise. On top of that, complementary suppression: if one cell is hidden, or the hidden cells' perturbed
 * counts together are below k, the smallest shown non-zero cell is hidden too, until neither holds. A total
 * below k hides the whole breakdown. Pure.
 */
import { type Figure, figureOf, hiddenFigure, perturb, type RawCell, type Rules } from "./figure";

export type RawBreakdownCell<K extends string = string> = { key: K; raw: RawCell };
export type ProtectedCell<K extends string = string> = { key: K; figure: Figure };
export type ProtectedBreakdown<K extends string = string> = { total: Figure; cells: ProtectedCell<K>[] };

export function protectBreakdown<K extends string>(cells: RawBreakdownCell<K>[], total: RawCell, r: Rules): ProtectedBreakdown<K> {
  const totalValue = perturb(total, r);
  if (totalValue > 0 && totalValue < r.k) {
    return { total: hiddenFigure(), cells: cells.map((c) => ({ key: c.key, figure: hiddenFigure() })) };
  }
  const values = cells.map((c) => perturb(c.raw, r));
  const hidden = values.map((v) => v > 0 && v < r.k);
  const hiddenSum = () => values.reduce((s, v, i) => s + (hidden[i] ? v : 0), 0);
  const hiddenCount = () => hidden.filter(Boolean).length;
  while (hiddenCount() > 0 && (hiddenCount() === 1 || hiddenSum() < r.k)) {
    let next = -1;
    for (let i = 0; i < values.length; i++) {
      if (hidden[i] || values[i] === 0) continue;
      if (next < 0 || values[i]! < values[next]!) next = i;
    }
    if (next < 0) break;
    hidden[next] = true;
  }
  return {
    total: figureOf(totalValue, false),
    cells: cells.map((c, i) => ({ key: c.key, figure: figureOf(values[i]!, hidden[i]!) })),
  };
}

/** A share of a shown total, or null where the cell or the total is hidden. Only ever from protected counts. */
export function shareOf(cell: Figure | null | undefined, total: Figure | null | undefined): number | null {
  if (!cell || !total || !cell.shown || !total.shown || total.value === 0) return null;
  return Math.min(1, cell.value / total.value);
}
