/**
 * XLSForm `relevant` → showIf. Only what showIf can say exactly is taken: one earlier question
 * compared with literals. Anything else is reported and the question is imported without a condition.
 */
import type { Condition, Question } from "@/lib/battery/schema";
import { issue, type XlsFormIssue } from "./issues";
import { nameKey, optionKey } from "./keys";

export type ParsedRelevant = { name: string; op: "is" | "isNot" | "selected"; values: string[] };

const connector = /\s+(or|and)\s+/y;

/** Splits at top-level `or` / `and`, outside quotes and parentheses. */
function splitLogical(expr: string): { terms: string[]; connectors: string[] } | undefined {
  const terms: string[] = [];
  const connectors: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      if (ch === quote) quote = "";
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && /\s/.test(ch)) {
      connector.lastIndex = i;
      const m = connector.exec(expr);
      if (m) {
        terms.push(expr.slice(start, i));
        connectors.push(m[1]!);
        i += m[0].length - 1;
        start = i + 1;
      }
    }
    if (depth < 0) return undefined;
  }
  if (quote || depth !== 0) return undefined;
  terms.push(expr.slice(start));
  return { terms, connectors };
}

function stripParens(s: string): string {
  let t = s.trim();
  while (t.startsWith("(") && closesAtEnd(t)) t = t.slice(1, -1).trim();
  return t;
}

/** Whether the parenthesis opening `t` closes at its last character: "(a) or (b)" must keep its parentheses. */
function closesAtEnd(t: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i === t.length - 1;
  }
  return false;
}

const ref = String.raw`\$\{\s*([A-Za-z_][\w.\-]*)\s*\}`;
const literal = String.raw`(?:'([^']*)'|"([^"]*)"|(\d+))`;
const comparison = new RegExp(`^${ref}\\s*(!=|=)\\s*${literal}$`);
const reversed = new RegExp(`^${literal}\\s*(!=|=)\\s*${ref}$`);
const selected = new RegExp(`^selected\\s*\\(\\s*${ref}\\s*,\\s*${literal}\\s*\\)$`);

function parseTerm(term: string): { name: string; op: "=" | "!=" | "selected"; value: string } | undefined {
  const t = stripParens(term);
  let m = comparison.exec(t);
  if (m) return { name: m[1]!, op: m[2] as "=" | "!=", value: m[3] ?? m[4] ?? m[5] ?? "" };
  m = reversed.exec(t);
  if (m) return { name: m[5]!, op: m[4] as "=" | "!=", value: m[1] ?? m[2] ?? m[3] ?? "" };
  m = selected.exec(t);
  if (m) return { name: m[1]!, op: "selected", value: m[2] ?? m[3] ?? m[4] ?? "" };
  return undefined;
}

/**
 * The forms we can express: one question compared with literals —
 * `${q} = 'a' or ${q} = 'b'`, `selected(${q}, 'a') or …`, `${q} != 'a' and ${q} != 'b'`.
 */
export function parseRelevant(expr: string): ParsedRelevant | undefined {
  const split = splitLogical(stripParens(expr));
  if (!split) return undefined;
  const connector = split.connectors[0];
  if (split.connectors.some((c) => c !== connector)) return undefined;
  const terms = split.terms.map(parseTerm);
  if (terms.some((t) => !t)) return undefined;
  const parsed = terms as { name: string; op: "=" | "!=" | "selected"; value: string }[];
  const first = parsed[0]!;
  if (parsed.some((t) => t.name !== first.name || t.op !== first.op)) return undefined;
  const values = [...new Set(parsed.map((t) => t.value))];
  if (first.op === "!=") return connector === "or" ? undefined : { name: first.name, op: "isNot", values };
  if (connector === "and") return undefined;
  return { name: first.name, op: first.op === "=" ? "is" : "selected", values };
}

/**
 * The condition for a question's relevant expression, or the issue saying why there is none.
 * `byName` maps XLSForm names (as keys) to imported questions; `earlier` holds the keys before this one.
 */
export function resolveRelevant(
  expression: string,
  row: number,
  byName: Map<string, Question | "ambiguous">,
  earlier: Set<string>,
): { condition: Condition } | { issue: XlsFormIssue } {
  const parsed = parseRelevant(expression);
  if (!parsed) return { issue: issue("survey", row, "relevantNotUnderstood", { expression }) };
  const name = parsed.name;
  const target = byName.get(nameKey(name));
  if (target === "ambiguous") return { issue: issue("survey", row, "relevantAmbiguous", { expression, name }) };
  if (!target) return { issue: issue("survey", row, "relevantUnknownQuestion", { expression, name }) };
  if (!earlier.has(target.key)) return { issue: issue("survey", row, "relevantNotEarlier", { expression, name }) };
  if (target.type === "text") return { issue: issue("survey", row, "relevantFreeText", { expression, name }) };
  const values: string[] = [];
  for (const choice of parsed.values) {
    const key = optionKey(choice);
    if (!key || !target.options?.some((o) => o.key === key))
      return { issue: issue("survey", row, "relevantNoChoice", { expression, name, choice }) };
    if (!values.includes(key)) values.push(key);
  }
  if (target.type === "multi" && parsed.op !== "selected")
    return { issue: issue("survey", row, "relevantNeedsSelected", { expression, name }) };
  const op: Condition["op"] = parsed.op === "selected" ? (target.type === "multi" ? "includes" : "is") : parsed.op;
  return { condition: { question: target.key, op, values } };
}
