/** XLSForm names → battery keys. */

/** Lower case, accents dropped (å → a), anything else outside [a-z0-9_] as "_". */
function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
}

/** Question and module names must start with a letter. */
export function nameKey(name: string): string {
  const s = slug(name);
  return /^[a-z]/.test(s) ? s : `q_${s}`;
}

/** An option key, or undefined when the name has nothing usable in it. */
export function optionKey(name: string): string | undefined {
  const s = slug(name).replace(/^_+/, "");
  return /^[a-z0-9][a-z0-9_]*$/.test(s) ? s : undefined;
}
