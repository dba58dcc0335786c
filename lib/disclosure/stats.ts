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
 * The two-proportion test on protected counts; null when any of them is hidden or a group is empty. Each count carries
 * noise of variance V, which moves the difference of the two shares by about sqrt(V (1 + p1^2)) / n1 and
 * sqrt(V (1 + p2^2)) / n2 (delta method). Where |z| lies within twice that, in z units, of 1.96, the verdict
 * could be the noise's rather than the data's: it is then not robust, and is stated as uncertain.
 */
export function proportionTestOfFigures(
  x1: Figure,
  n1: Figure,
  x2: Figure,
  n2: Figure,
  noiseVariance = 0,
): ProtectedProportionTest | null {
  if (!x1.shown || !n1.shown || !x2.shown || !n2.shown) return null;
  const t = twoProportionTest(Math.min(x1.value, n1.value), n1.value, Math.min(x2.value, n2.value), n2.value);
  if (!t) return null;
  const pooled = (Math.min(x1.value, n1.value) + Math.min(x2.value, n2.value)) / (n1.value + n2.value);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1.value + 1 / n2.value));
  const noiseSd = Math.sqrt(
    (noiseVariance * (1 + t.p1 ** 2)) / n1.value ** 2 + (noiseVariance * (1 + t.p2 ** 2)) / n2.value ** 2,
  );
  const robust = se === 0 ? true : Math.abs(Math.abs(t.z) - 1.959964) > (2 * noiseSd) / se;
  return estimate({ ...t, robust });
}
