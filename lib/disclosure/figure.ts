/**
 * The one disclosure-control layer: every count a staff user, a coordinator or an admin sees or exports is a
 * Figure made here from a raw cell (its true count and the sum of its respondents' record keys). Nothing else
 * can make a Figure: the type is branded and every Figure handed out is registered, so a test can walk what a
 * data function returns and fail on any number that did not come through this file.
 *
 * The cell-key method (as Statistics Sweden and the Australian Bureau of Statistics publish tables): each
 * response carries a permanent random record key in [0, 2^32); a cell's key is the sum of its respondents' record
 * keys modulo 2^32, scaled to [0, 1); the noise is read from the perturbation table at the row of the cell's count
 * and the interval holding its key. The same respondents therefore always get the same noise, whichever view,
 * filter or export shows them, and zero stays zero. A cell is hidden when it rests on 1 to k - 1 respondents, or
 * when its perturbed count is below k: noise may lift a count of 2 to 5, and a figure of 5 must never stand for
 * two people (who would then be known to have answered alike). Pure.
 */
import { makePTable, noiseFor, type PTable } from "./ptable";

/** What the database hands over for one cell: how many respondents (or answers), and their record keys summed mod 2^32. */
export type RawCell = { n: number; key: number };

export const KEY_SPACE = 4294967296; // 2^32

/** Maximum noise and noise variance: see README "Disclosure control" for why these. */
export const NOISE = { D: 3, V: 2 } as const;

let defaultTable: PTable | null = null;
/** The project's perturbation table (D = 3, V = 2, js = 0), computed once. */
export function perturbationTable(): PTable {
  defaultTable ??= makePTable({ D: NOISE.D, V: NOISE.V, js: 0, mono: true });
  return defaultTable;
}

export type Rules = {
  /** Smallest perturbed count that is shown (region setting, default 5). */
  k: number;
  /** Smallest number of free-text answers a list is shown for (region setting, default 10). */
  kText: number;
  table: PTable;
};

export function rules(k: number, kText = 10): Rules {
  return { k, kText, table: perturbationTable() };
}

declare const figureBrand: unique symbol;
export type ShownFigure = { readonly shown: true; readonly value: number; readonly [figureBrand]: true };
export type HiddenFigure = { readonly shown: false; readonly [figureBrand]: true };
/** A protected count: its perturbed value, or hidden. */
export type Figure = ShownFigure | HiddenFigure;

const issued = new WeakSet<object>();

function issue<T extends object>(figure: T): T {
  Object.freeze(figure);
  issued.add(figure);
  return figure;
}

/** Whether x is a Figure made by this layer (for the test that walks data functions' results). */
export function isFigure(x: unknown): x is Figure {
  return typeof x === "object" && x !== null && issued.has(x);
}

const estimates = new WeakSet<object>();

/**
 * Marks a statistic computed from Figures alone (a mean, a share, a test) as such, so that the same test can tell
 * it from a number that bypassed the layer. Only the layer's statistics functions call it.
 */
export function estimate<T extends object>(value: T): T {
  Object.freeze(value);
  estimates.add(value);
  return value;
}

export function isEstimate(x: unknown): boolean {
  return typeof x === "object" && x !== null && estimates.has(x);
}

export function hiddenFigure(): HiddenFigure {
  return issue({ shown: false }) as HiddenFigure;
}

function shownFigure(value: number): ShownFigure {
  return issue({ shown: true, value }) as ShownFigure;
}

/** The cell key in [0, 1) of a key sum (any integer; taken mod 2^32). */
export function cellKey(keySum: number): number {
  const m = ((keySum % KEY_SPACE) + KEY_SPACE) % KEY_SPACE;
  return m / KEY_SPACE;
}

/** The perturbed count of a raw cell (not yet judged against k). */
export function perturb(raw: RawCell, r: Rules): number {
  if (raw.n <= 0) return 0;
  return Math.max(0, raw.n + noiseFor(r.table, raw.n, cellKey(raw.key)));
}

/** Whether a cell is too small to show: it rests on 1 to k - 1 respondents, or its perturbed count is below k. */
export function isSmall(raw: RawCell, r: Rules): boolean {
  return raw.n > 0 && (raw.n < r.k || perturb(raw, r) < r.k);
}

/** A raw cell made into a Figure: zero as zero, a small cell hidden, any other its perturbed count. */
export function protectCount(raw: RawCell, r: Rules): Figure {
  return isSmall(raw, r) ? hiddenFigure() : shownFigure(perturb(raw, r));
}

/** Shown as it is (already protected elsewhere, e.g. a perturbed value kept with a hidden flag by the group table). */
export function figureOf(perturbed: number, hidden: boolean): Figure {
  return hidden ? hiddenFigure() : shownFigure(perturbed);
}

/** Two raw cells as one (their union: counts and keys add). */
export function addRaw(a: RawCell, b: RawCell): RawCell {
  return { n: a.n + b.n, key: (a.key + b.key) % KEY_SPACE };
}

/** The raw cell of a set minus a subset of it (counts and keys subtract). */
export function subtractRaw(whole: RawCell, part: RawCell): RawCell {
  return { n: whole.n - part.n, key: (((whole.key - part.key) % KEY_SPACE) + KEY_SPACE) % KEY_SPACE };
}

export const EMPTY: RawCell = Object.freeze({ n: 0, key: 0 });

export function sumRaw(cells: RawCell[]): RawCell {
  return cells.reduce(addRaw, EMPTY);
}

export function valueOf(f: Figure | null | undefined): number | null {
  return f && f.shown ? f.value : null;
}
