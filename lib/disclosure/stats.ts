/** The statistics behind the dashboards, written out so they can be checked by hand. Pure. */
import { estimate, type Figure } from "./figure";

/** Mean with a 95% confidence interval (normal approximation, sample standard deviation). */
export function meanWithCi(
  values: { value: number; n: number }[],
): { mean: number; low: number; high: number; n: number } | null {
  const n = values.reduce((s, v) => s + v.n, 0);
  if (n < 2) return null;
  const mean = values.reduce((s, v) => s + v.value * v.n, 0) / n;
  const variance = values.reduce((s, v) => s + v.n * (v.value - mean) ** 2, 0) / (n - 1);
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** The standard normal cumulative distribution (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export type ProportionTest = {
  p1: number;
  p2: number;
  difference: number;
  z: number;
  pValue: number;
  significant: boolean;
};

/**
 * Two-proportion z-test (pooled): is the share x1/n1 different from x2/n2 more than chance would make it?
 * Two-sided; significant at the 5% level.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest | null {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (p1 - p2) / se;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  return { p1, p2, difference: p1 - p2, z, pValue, significant: pValue < 0.05 };
}

// ---------- The same, from protected counts only: a hidden count makes the statistic unavailable.

/** Mean and interval of a scale from its steps' protected counts; null when a step is hidden or fewer than 2 answered. */
export function meanOfFigures(
  steps: { value: number; figure: Figure }[],
): { mean: number; low: number; high: number; n: number } | null {
  if (steps.some((s) => !s.figure.shown)) return null;
  const m = meanWithCi(steps.map((s) => ({ value: s.value, n: s.figure.shown ? s.figure.value : 0 })));
  return m && estimate(m);
}

export type ProtectedProportionTest = ProportionTest & {
  /** Whether the noise of the protected counts is too small to have put the result on the other side of 5 %. */
  robust: boolean;
};

/**
 * The two-proportion test on protected counts; null when any of them is hidden or a group is empty. Each protected
 * count lies within maxNoise (the perturbation table's bound D) of the exact one. The verdict is robust when every
 * set of exact counts the protected ones could have come from (7^4 = 2,401 for D = 3) gives the same verdict: a
 * verdict stated as robust is then the exact counts' verdict, whatever the noise was. Otherwise it is stated as
 * uncertain.
 */
export function proportionTestOfFigures(
  x1: Figure,
  n1: Figure,
  x2: Figure,
  n2: Figure,
  maxNoise = 0,
): ProtectedProportionTest | null {
  if (!x1.shown || !n1.shown || !x2.shown || !n2.shown) return null;
  const t = twoProportionTest(Math.min(x1.value, n1.value), n1.value, Math.min(x2.value, n2.value), n2.value);
  if (!t) return null;
  return estimate({ ...t, robust: verdictHolds(t.significant, [x1.value, n1.value, x2.value, n2.value], maxNoise) });
}

/** Whether every exact (x1, n1, x2, n2) within ±D of the protected ones (0 <= x <= n, n > 0) gives this verdict. */
function verdictHolds(significant: boolean, [x1, n1, x2, n2]: number[], D: number): boolean {
  for (let f1 = -D; f1 <= D; f1++) {
    const m1 = n1! + f1;
    if (m1 <= 0) return false; // an empty group is possible: no verdict
    for (let f2 = -D; f2 <= D; f2++) {
      const m2 = n2! + f2;
      if (m2 <= 0) return false;
      for (let e1 = -D; e1 <= D; e1++) {
        const y1 = x1! + e1;
        if (y1 < 0 || y1 > m1) continue;
        for (let e2 = -D; e2 <= D; e2++) {
          const y2 = x2! + e2;
          if (y2 < 0 || y2 > m2) continue;
          if (twoProportionTest(y1, m1, y2, m2)!.significant !== significant) return false;
        }
      }
    }
  }
  return true;
}
