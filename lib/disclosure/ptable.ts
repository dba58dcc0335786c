/**
 * Perturbation tables for the cell-key method, made the way the R package `ptable` (Destatis, sdcTools) makes
 * them: for each original count i, the noise distribution over j - i (|j - i| <= D, j >= 0, targets 1..js
 * blocked) with the greatest entropy such that the noise is unbiased (mean 0), its variance is at most V, and,
 * left of zero, its probabilities never fall as the noise moves towards zero (ptable's `mono`). Counts from
 * ncat = D (js = 0) or D + js + 1 upwards share the last, symmetric row. The problem is convex and tiny (at most
 * 2D + 1 unknowns): it is solved here by a log-barrier Newton method, where ptable calls nloptr's SLSQP.
 *
 * Giessing, S. (2016) "Computational issues in the design of transition probabilities and disclosure risk
 * estimation for additive noise", Privacy in Statistical Databases, LNCS 9867, pp. 237-251. Pure.
 */

export type PTableParams = { D: number; V: number; js?: number; mono?: boolean };

/** One row: for original count i, the noise v = j - i with probability p, drawn when lb <= cell key < ub. */
export type PTableRow = { i: number; entries: { j: number; v: number; p: number; lb: number; ub: number }[] };

export type PTable = { params: Required<PTableParams>; rows: PTableRow[]; ncat: number };

const EPSILON = 1e-8;

export function makePTable(params: PTableParams): PTable {
  const D = params.D;
  const V = params.V;
  const js = params.js ?? 0;
  const mono = params.mono ?? true;
  if (!Number.isInteger(D) || D < 1 || D > 20) throw new Error("D must be an integer from 1 to 20");
  if (!(V > 0)) throw new Error("V must be positive");
  if (!Number.isInteger(js) || js < 0) throw new Error("js must be a non-negative integer");
  const ncat = js === 0 ? D : D + js + 1;
  const rows: PTableRow[] = [{ i: 0, entries: [{ j: 0, v: 0, p: 1, lb: 0, ub: 1 }] }];
  for (let i = 1; i <= ncat; i++) {
    const targets: number[] = [];
    for (let j = Math.max(i - D, 0); j <= i + D; j++) if (j === 0 || j > js) targets.push(j);
    const v = targets.map((j) => j - i);
    const p = maxEntropy(v, V, mono);
    let cumulative = 0;
    const entries = targets.map((j, idx) => {
      const lb = round8(cumulative);
      cumulative += p[idx]!;
      const ub = idx === targets.length - 1 ? 1 : round8(cumulative);
      // As ptable does: p is the difference of the rounded interval bounds, so the intervals tile [0, 1).
      return { j, v: v[idx]!, p: ub - lb, lb, ub };
    });
    rows.push({ i, entries });
  }
  return { params: { D, V, js, mono }, rows, ncat };
}

function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

/** The noise for a count n whose cell key is ck in [0, 1). Zero always stays zero. */
export function noiseFor(table: PTable, n: number, ck: number): number {
  if (n <= 0) return 0;
  const row = table.rows[Math.min(n, table.ncat)]!;
  for (const e of row.entries) if (ck < e.ub) return e.v;
  return row.entries[row.entries.length - 1]!.v;
}

/** Mean and variance of each row's noise: what the table actually achieves (small counts may fall short of V). */
export function rowMoments(table: PTable): { i: number; mean: number; variance: number; pStay: number }[] {
  return table.rows.map((r) => {
    const mean = r.entries.reduce((s, e) => s + e.p * e.v, 0);
    const variance = r.entries.reduce((s, e) => s + e.p * e.v * e.v, 0) - mean * mean;
    return { i: r.i, mean, variance, pStay: r.entries.find((e) => e.v === 0)?.p ?? 0 };
  });
}

// ---------- The optimisation: min sum x ln x  s.t.  sum x = 1, sum v x = 0, G x <= h

type Problem = { v: number[]; G: number[][]; h: number[] };

function maxEntropy(v: number[], V: number, mono: boolean): number[] {
  const n = v.length;
  if (n === 1) return [1];
  const G: number[][] = [];
  const h: number[] = [];
  G.push(v.map((x) => x * x));
  h.push(V);
  const zero = v.indexOf(0);
  if (mono && zero > 0) {
    for (let j = 0; j < zero; j++) {
      const row = new Array<number>(n).fill(0);
      row[j] = 1;
      row[j + 1] = -1;
      G.push(row);
      h.push(0);
    }
  }
  for (let j = 0; j < n; j++) {
    const row = new Array<number>(n).fill(0);
    row[j] = -1;
    G.push(row);
    h.push(-EPSILON);
  }
  const problem: Problem = { v, G, h };
  const start = phaseOne(problem);
  if (!start) throw new Error(`no noise distribution with mean 0 and variance at most ${V} on ${v.join(",")}`);
  return phaseTwo(problem, start);
}

const A = (v: number[]) => [v.map(() => 1), v];

/** A strictly feasible point, by minimising s subject to G x - h <= s from the least-norm solution of A x = b. */
function phaseOne(problem: Problem): number[] | null {
  const { v, G, h } = problem;
  const n = v.length;
  const Aeq = A(v);
  // Least-norm x with sum x = 1 and sum v x = 0: x = A' (A A')^-1 b.
  const AAt = Aeq.map((r1) => Aeq.map((r2) => dot(r1, r2)));
  const y = solve(AAt, [1, 0]);
  if (!y) return null;
  const x0 = Array.from({ length: n }, (_, j) => Aeq[0]![j]! * y[0]! + Aeq[1]![j]! * y[1]!);
  const slack = (x: number[]) => Math.max(...G.map((g, i) => dot(g, x) - h[i]!));
  if (slack(x0) < -EPSILON) return x0;
  // Variables (x, s); inequalities G x - s <= h; equalities A x = b (s free).
  const Gs = G.map((g) => [...g, -1]);
  const As = Aeq.map((r) => [...r, 0]);
  let z = [...x0, slack(x0) + 1];
  const objective = (t: number) => ({
    value: (w: number[]) => t * w[n]!,
    gradient: () => [...new Array<number>(n).fill(0), t],
    hessian: () => zeros(n + 1),
  });
  for (let t = 1; t < 1e10; t *= 10) {
    z = newton(z, Gs, h, As, objective(t), (w) => w[n]! < -1e-6);
    if (z[n]! < -1e-6) return z.slice(0, n);
  }
  return z[n]! < 0 ? z.slice(0, n) : null;
}

function phaseTwo(problem: Problem, start: number[]): number[] {
  const { v, G, h } = problem;
  const Aeq = A(v);
  let x = start;
  const m = G.length;
  for (let t = 1; m / t > 1e-13; t *= 8) {
    x = newton(
      x,
      G,
      h,
      Aeq,
      {
        value: (w) => t * w.reduce((s, xi) => s + xi * Math.log(xi), 0),
        gradient: (w) => w.map((xi) => t * (Math.log(xi) + 1)),
        hessian: (w) => w.map((xi, i) => w.map((_, j) => (i === j ? t / xi : 0))),
      },
      () => false,
    );
  }
  return x;
}

type Objective = {
  value: (x: number[]) => number;
  gradient: (x: number[]) => number[];
  hessian: (x: number[]) => number[][];
};

/** Equality-constrained Newton on objective + log barrier of G x <= h, from a strictly feasible x with A x = b. */
function newton(
  x0: number[],
  G: number[][],
  h: number[],
  Aeq: number[][],
  f: Objective,
  done: (x: number[]) => boolean,
): number[] {
  let x = x0;
  const n = x.length;
  const barrierValue = (w: number[]) => {
    let s = 0;
    for (let i = 0; i < G.length; i++) {
      const r = h[i]! - dot(G[i]!, w);
      if (r <= 0) return Infinity;
      s -= Math.log(r);
    }
    return s;
  };
  for (let iter = 0; iter < 200; iter++) {
    const grad = f.gradient(x);
    const H = f.hessian(x);
    for (let i = 0; i < G.length; i++) {
      const g = G[i]!;
      const r = h[i]! - dot(g, x);
      for (let a = 0; a < n; a++) {
        if (g[a] === 0) continue;
        grad[a]! += g[a]! / r;
        for (let b = 0; b < n; b++) if (g[b] !== 0) H[a]![b]! += (g[a]! * g[b]!) / (r * r);
      }
    }
    // KKT system [H A'; A 0] [dx; w] = [-grad; 0]
    const p = Aeq.length;
    const K = zeros(n + p);
    const rhs = new Array<number>(n + p).fill(0);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) K[a]![b] = H[a]![b]!;
      for (let c = 0; c < p; c++) {
        K[a]![n + c] = Aeq[c]![a]!;
        K[n + c]![a] = Aeq[c]![a]!;
      }
      rhs[a] = -grad[a]!;
    }
    // A tiny ridge keeps the system solvable where the objective is linear (phase one).
    for (let a = 0; a < n; a++) K[a]![a]! += 1e-12;
    const sol = solve(K, rhs);
    if (!sol) break;
    const dx = sol.slice(0, n);
    const decrement = -dot(grad, dx);
    if (decrement / 2 < 1e-14 || done(x)) break;
    const current = f.value(x) + barrierValue(x);
    let step = 1;
    for (;;) {
      const next = x.map((xi, i) => xi + step * dx[i]!);
      const value = f.value(next) + barrierValue(next);
      if (Number.isFinite(value) && value <= current - 0.25 * step * decrement) {
        x = next;
        break;
      }
      step /= 2;
      if (step < 1e-16) return x;
    }
  }
  return x;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function zeros(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(M: number[][], b: number[]): number[] | null {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-300) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / a[col]![col]!;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}
