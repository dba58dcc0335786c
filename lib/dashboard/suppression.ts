/**
 * Small-group suppression: a count that rests on fewer than k respondents is replaced before it
 * leaves the server, so no respondent can be singled out. Pure; the dashboards build on it.
 */
export type Suppressed = { suppressed: true };
export type Shown = { suppressed: false; n: number };
export type SafeCount = Shown | Suppressed;

export function safeCount(n: number, k: number): SafeCount {
  // Zero reveals nothing about a person; 1..k-1 could.
  return n === 0 || n >= k ? { suppressed: false, n } : { suppressed: true };
}
