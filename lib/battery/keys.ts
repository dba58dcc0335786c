/** A key for a new module, question, option or catalogue item: make(n) for the first n from `from` not yet taken. Pure. */
export function freeKey(taken: Iterable<string | undefined>, from: number, make: (n: number) => string): string {
  const used = new Set(taken);
  let n = from;
  while (used.has(make(n))) n++;
  return make(n);
}
