/**
 * A breakdown (cells that add up to a total: the answers to one question, responses by language...) made into
 * Figures. Each cell and the total is perturbed on its own (see figure.ts), so the figures need not add up, and a
 * hidden cell cannot be worked out as the total minus the rest: the total and every shown cell carry their own
 * noise. On top of that, complementary suppression, decided on the true counts as suppression always is: if one
 * cell is hidden, or the hidden cells together hold fewer than k respondents, the smallest shown non-zero cell is
 * hidden too, until neither holds. A small total hides the whole breakdown.
 *
 * For answers (`smallGroups`), two more rules in a group of fewer than 10k respondents, where a few people who
 * answered alike (friends interviewed together, a family) would stand out against what the rest of the region
 * answered:
 * - a cell needs 2k respondents, not k: a coalition of up to k - 1 people plus one more cannot fill it;
 * - where fewer than k answered anything but the most common answer, every cell is hidden (the total stays),
 *   since the breakdown would otherwise say what each member of the group answered.
 * Pure.
 */
import { type Figure, figureOf, hiddenFigure, isSmall, perturb, type RawCell, type Rules } from "./figure";

export type RawBreakdownCell<K extends string = string> = { key: K; raw: RawCell };
export type ProtectedCell<K extends string = string> = { key: K; figure: Figure };
export type ProtectedBreakdown<K extends string = string> = { total: Figure; cells: ProtectedCell<K>[] };

/** Groups of 10k or more may show that (nearly) all of them gave one answer: that is a finding, not a disclosure. */
export const SMALL_GROUP_FACTOR = 10;

export function protectBreakdown<K extends string>(
  cells: RawBreakdownCell<K>[],
  total: RawCell,
  r: Rules,
  options: { smallGroups?: boolean } = {},
): ProtectedBreakdown<K> {
  if (isSmall(total, r)) {
    return { total: hiddenFigure(), cells: cells.map((c) => ({ key: c.key, figure: hiddenFigure() })) };
  }
  const smallGroup = options.smallGroups === true && total.n < SMALL_GROUP_FACTOR * r.k;
  if (smallGroup) {
    const largest = Math.max(0, ...cells.map((c) => c.raw.n));
    if (total.n - largest < r.k)
      return {
        total: figureOf(perturb(total, r), false),
        cells: cells.map((c) => ({ key: c.key, figure: hiddenFigure() })),
      };
  }
  const counts = cells.map((c) => c.raw.n);
  const hidden = cells.map((c) => isSmall(c.raw, r) || (smallGroup && c.raw.n > 0 && c.raw.n < 2 * r.k));
  const hiddenSum = () => counts.reduce((s, n, i) => s + (hidden[i] ? n : 0), 0);
  const hiddenCount = () => hidden.filter(Boolean).length;
  while (hiddenCount() > 0 && (hiddenCount() === 1 || hiddenSum() < r.k)) {
    let next = -1;
    for (let i = 0; i < counts.length; i++) {
      if (hidden[i] || counts[i] === 0) continue;
      if (next < 0 || counts[i]! < counts[next]!) next = i;
    }
    if (next < 0) break;
    hidden[next] = true;
  }
  return {
    total: figureOf(perturb(total, r), false),
    cells: cells.map((c, i) => ({ key: c.key, figure: figureOf(perturb(c.raw, r), hidden[i]!) })),
  };
}

/** A share of a shown total, or null where the cell or the total is hidden. Only ever from protected counts. */
export function shareOf(cell: Figure | null | undefined, total: Figure | null | undefined): number | null {
  if (!cell || !total || !cell.shown || !total.shown || total.value === 0) return null;
  return Math.min(1, cell.value / total.value);
}
