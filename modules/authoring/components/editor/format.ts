/**
 * Fills the editor's labels on the client without shipping the ICU runtime: {name} placeholders and the
 * one/other plural form, which is all the editor's (Swedish and English) labels use.
 */
export function format(message: string, values: Record<string, string | number>): string {
  const plural = message.match(/^\{(\w+), plural, one \{([^}]*)\} other \{([^}]*)\}\}(.*)$/s);
  if (plural) {
    const n = Number(values[plural[1]!]);
    return format((n === 1 ? plural[2]! : plural[3]!).replace(/#/g, String(n)) + plural[4]!, values);
  }
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A structural problem in the editor's language, from its code and parameters (the English text as a fallback). */
export function describeProblem(
  labels: Record<string, string>,
  problem: { code: string; params: Record<string, string>; message: string },
): string {
  const label = labels[`problem_${problem.code}`];
  return label ? format(label, problem.params) : problem.message;
}
