/**
 * Which groups of one closed round may be shown at all, when results are narrowed to one value of a dimension
 * (a language, an age band, a gender, a time in Sweden). The groups form a table: municipalities down, values
 * across; each row adds up to the municipality's respondents in the round (shown unfiltered anyway), each column
 * to the region's group. Without care, a small group hidden on its own could be worked out by difference: the
 * municipality minus its other groups, or the region's group minus the other municipalities' (for staff: the
 * region minus their own municipality).
 *
 * So: a small group (below k, or perturbed below k) is hidden, groups nobody can choose (no answer, "prefer not to
 * say", no municipality) count as hidden, and in every row and column where a small group is hidden, at least two
 * cells are hidden and together hold k respondents; if not, the smallest shown group is hidden too, or, in a
 * column, the region's group. Repeated until nothing changes. Decided on the true sizes, as suppression is. A hidden group is not shown in any view: no counts, no answers,
 * no free text. Pure.
 */
import { isSmall, type RawCell, type Rules } from "./figure";

export type GroupAxisEntry = { key: string; choosable: boolean };

export type GroupTableInput = {
  municipalities: GroupAxisEntry[];
  values: GroupAxisEntry[];
  /** Respondents of municipality m with value v. */
  cell: (municipality: string, value: string) => RawCell;
  /** The region's respondents with value v (including those with no municipality). */
  regionCell: (value: string) => RawCell;
};

export type GroupVisibility = {
  shown: (municipality: string, value: string) => boolean;
  regionShown: (value: string) => boolean;
};

export function protectGroups(input: GroupTableInput, r: Rules): GroupVisibility {
  const ms = input.municipalities;
  const vs = input.values;
  const cells = ms.map((m) => vs.map((v) => input.cell(m.key, v.key)));
  const regionCells = vs.map((v) => input.regionCell(v.key));
  // True sizes decide; "small" also covers a size the noise takes below k.
  const p = cells.map((row) => row.map((c) => c.n));
  const pr = regionCells.map((c) => c.n);
  const smallCell = cells.map((row) => row.map((c) => isSmall(c, r)));
  const smallRegion = regionCells.map((c) => isSmall(c, r));
  const hidden = ms.map((m, i) => vs.map((v, j) => !m.choosable || !v.choosable || smallCell[i]![j]!));
  const regionHidden = vs.map((v, j) => !v.choosable || smallRegion[j]!);

  /** One line: its cells' sizes, small flags and hidden flags; hides one more cell (or reports that none is left). */
  const settle = (
    values: number[],
    isSmallCell: boolean[],
    isHidden: boolean[],
    hide: (index: number) => void,
  ): "ok" | "changed" | "stuck" => {
    let count = 0;
    let sum = 0;
    let anySmall = false;
    values.forEach((v, i) => {
      if (isHidden[i] && v > 0) {
        count++;
        sum += v;
        if (isSmallCell[i]) anySmall = true;
      }
    });
    // Only a small hidden group needs company: a large one that nobody can choose may well be worked out.
    if (!anySmall || (count > 1 && sum >= r.k)) return "ok";
    let next = -1;
    values.forEach((v, i) => {
      if (!isHidden[i] && v > 0 && (next < 0 || v < values[next]!)) next = i;
    });
    if (next < 0) return "stuck";
    hide(next);
    return "changed";
  };

  for (let pass = 0; pass < 1000; pass++) {
    let changed = false;
    // Each municipality's row: its total is published, so only its groups can be hidden.
    ms.forEach((_, i) => {
      if (settle(p[i]!, smallCell[i]!, hidden[i]!, (j) => (hidden[i]![j] = true)) === "changed") changed = true;
    });
    // The region's row of groups: its total is published too.
    if (settle(pr, smallRegion, regionHidden, (j) => (regionHidden[j] = true)) === "changed") changed = true;
    // Each value's column: the region's group is its total, and can be hidden when no municipality's group can.
    vs.forEach((_, j) => {
      if (regionHidden[j]) return;
      const column = ms.map((_, i) => p[i]![j]!);
      const smallFlags = ms.map((_, i) => smallCell[i]![j]!);
      const flags = ms.map((_, i) => hidden[i]![j]!);
      const result = settle(column, smallFlags, flags, (i) => (hidden[i]![j] = true));
      if (result === "changed") changed = true;
      if (result === "stuck") {
        regionHidden[j] = true;
        changed = true;
      }
    });
    if (!changed) break;
  }

  const mIndex = new Map(ms.map((m, i) => [m.key, i]));
  const vIndex = new Map(vs.map((v, j) => [v.key, j]));
  return {
    shown: (m, v) => {
      const i = mIndex.get(m);
      const j = vIndex.get(v);
      return i !== undefined && j !== undefined && !hidden[i]![j]!;
    },
    regionShown: (v) => {
      const j = vIndex.get(v);
      return j !== undefined && !regionHidden[j]!;
    },
  };
}
