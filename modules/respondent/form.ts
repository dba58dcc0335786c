/**
 * Reading a page of answers from a plain form post (so the survey works without JavaScript).
 * Field names: q:<slot> holds the option key(s) or text; "~dont_know" and "~no_answer" are the special
 * answers; q:<slot>:skip is the "prefer not to say" box of a free-text question. Pure.
 */
import { storableText } from "@/lib/battery/storable";
import { type AnswerProblem, type AnswerValue, checkAnswer, type RunContext, type Slot } from "@/lib/battery/logic";
import type { BatteryContent, SpecialAnswer } from "@/lib/battery/schema";

export const fieldName = (slotId: string) => `q:${slotId}`;
export const skipFieldName = (slotId: string) => `q:${slotId}:skip`;
export const specialValue = (s: SpecialAnswer) => `~${s}`;

function special(value: string): SpecialAnswer | null {
  if (value === "~dont_know") return "dont_know";
  if (value === "~no_answer") return "no_answer";
  return null;
}

export type SlotReading = { value: AnswerValue | null; problem: AnswerProblem | null };

export function readSlot(
  slot: Slot,
  get: (name: string) => string[],
  ctx: RunContext,
  scales: BatteryContent["scales"],
): SlotReading {
  const values = get(fieldName(slot.id)).filter((v) => v !== "");
  const q = slot.question;
  let value: AnswerValue | null = null;
  if (q.type === "text") {
    const skipped = get(skipFieldName(slot.id)).includes("~no_answer");
    // A browser never sends NUL or a lone surrogate in a form field; a crafted post may, and the database cannot
    // store them, so they are dropped here rather than refused with a message nobody could act on.
    const text = storableText(values[0] ?? "")
      .replace(/\r\n/g, "\n")
      .trim();
    if (skipped) value = { kind: "special", value: "no_answer" };
    else if (text) value = { kind: "text", value: text };
    if (values.length > 1) return { value: null, problem: "wrong_kind" };
  } else if (q.type === "multi") {
    const specials = values.map(special).filter((s): s is SpecialAnswer => s !== null);
    const choices = values.filter((v) => special(v) === null);
    if (specials.length && choices.length) return { value: null, problem: "exclusive_combined" };
    if (specials.length) value = { kind: "special", value: specials[0]! };
    else if (choices.length) value = { kind: "choices", values: choices };
  } else {
    if (values.length > 1) return { value: null, problem: "wrong_kind" };
    if (values.length === 1) {
      const s = special(values[0]!);
      value = s ? { kind: "special", value: s } : { kind: "choice", value: values[0]! };
    }
  }
  if (!value) return { value: null, problem: null };
  return { value, problem: checkAnswer(q, value, ctx, scales) };
}
