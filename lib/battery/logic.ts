/**
 * Which questions a respondent sees, and whether an answer is acceptable.
 * One pure function set shared by the server (validation, seed) and the browser (instant show-if).
 */
// Types only: the browser runs this file (show-if while ticking), and the schema's zod must stay off its bundle.
import type { BatteryContent, BatteryModule, Condition, Option, Question } from "./schema";
import { type SpecialAnswer, specialAnswers } from "./special";

export type AnswerValue =
  | { kind: "choice"; value: string }
  | { kind: "choices"; values: string[] }
  | { kind: "text"; value: string }
  | { kind: "special"; value: SpecialAnswer };

/** Answers keyed by slot id: the question key, or `key#item` for a question repeated per chosen option. */
export type Answers = Record<string, AnswerValue>;

export type Slot = {
  id: string;
  module: BatteryModule;
  question: Question;
  /** For a repeated question: the option it is asked about. */
  item?: Option;
};

export type RunContext = {
  /** Options for questions with optionsFrom "municipalities" (the survey's municipalities). */
  municipalities: Option[];
  /** Options for questions with optionsFrom "catalogue" (the municipality's interventions). */
  catalogue: Option[];
  /** Optional modules switched off for this survey. */
  disabledModules?: string[];
};

export const MAX_TEXT_LENGTH = 2000;

export function slotId(questionKey: string, itemKey?: string): string {
  return itemKey ? `${questionKey}#${itemKey}` : questionKey;
}

export function optionsFor(question: Question, ctx: RunContext): Option[] {
  // Fixed options of a question with run-time options (such as "none of these") come after them.
  const fixed = question.options ?? [];
  if (question.optionsFrom === "municipalities") return [...ctx.municipalities, ...fixed];
  if (question.optionsFrom === "catalogue") return [...ctx.catalogue, ...fixed];
  return fixed;
}

function chosen(answer: AnswerValue | undefined): string[] {
  if (!answer) return [];
  if (answer.kind === "choice") return [answer.value];
  if (answer.kind === "choices") return answer.values;
  return [];
}

export function conditionHolds(condition: Condition, answers: Answers): boolean {
  const picked = chosen(answers[condition.question]);
  switch (condition.op) {
    case "is":
      return picked.some((v) => condition.values.includes(v));
    case "isNot":
      return !picked.some((v) => condition.values.includes(v));
    case "includes":
      return picked.some((v) => condition.values.includes(v));
    case "answeredExcept":
      return picked.some((v) => !condition.values.includes(v));
  }
}

/** Whether a module is asked in this run: optional modules can be switched off, local modules need a catalogue. */
export function moduleIsAsked(module: BatteryModule, ctx: RunContext): boolean {
  if (ctx.disabledModules?.includes(module.key)) return false;
  if (module.local && ctx.catalogue.length === 0) return false;
  return true;
}

/** The questions the respondent sees, in order, given the answers so far. */
export function visibleSlots(content: Pick<BatteryContent, "modules">, answers: Answers, ctx: RunContext): Slot[] {
  const slots: Slot[] = [];
  for (const batteryModule of content.modules) {
    if (!moduleIsAsked(batteryModule, ctx)) continue;
    for (const question of batteryModule.questions) {
      if (question.onlyIfSeveralMunicipalities && ctx.municipalities.length < 2) continue;
      if (question.showIf && !conditionHolds(question.showIf, answers)) continue;
      if (question.repeatFor) {
        const source = content.modules.flatMap((m) => m.questions).find((q) => q.key === question.repeatFor!.question);
        if (!source) continue;
        const sourceOptions = optionsFor(source, ctx);
        for (const key of chosen(answers[source.key])) {
          if (key === source.exclusiveOption) continue;
          const item = sourceOptions.find((o) => o.key === key);
          if (item) slots.push({ id: slotId(question.key, item.key), module: batteryModule, question, item });
        }
        continue;
      }
      slots.push({ id: question.key, module: batteryModule, question });
    }
  }
  return slots;
}

export type AnswerProblem =
  "unknown_option" | "too_many" | "exclusive_combined" | "empty" | "too_long" | "wrong_kind" | "special_not_allowed";

/** Checks one answer against its question; returns the problem, or null if it is acceptable. */
export function checkAnswer(
  question: Question,
  value: AnswerValue,
  ctx: RunContext,
  scales: BatteryContent["scales"],
): AnswerProblem | null {
  if (value.kind === "special") {
    if (!specialAnswers.includes(value.value)) return "special_not_allowed";
    // "Don't know" belongs to scales; "prefer not to say" to every question.
    if (value.value === "dont_know" && question.type !== "scale") return "special_not_allowed";
    return null;
  }
  switch (question.type) {
    case "text": {
      if (value.kind !== "text") return "wrong_kind";
      if (value.value.trim().length === 0) return "empty";
      if (value.value.length > MAX_TEXT_LENGTH) return "too_long";
      return null;
    }
    case "multi": {
      if (value.kind !== "choices") return "wrong_kind";
      if (value.values.length === 0) return "empty";
      const keys = optionsFor(question, ctx).map((o) => o.key);
      if (value.values.some((v) => !keys.includes(v))) return "unknown_option";
      if (new Set(value.values).size !== value.values.length) return "unknown_option";
      if (question.exclusiveOption && value.values.includes(question.exclusiveOption) && value.values.length > 1) {
        return "exclusive_combined";
      }
      if (question.maxChoices !== undefined && value.values.length > question.maxChoices) return "too_many";
      return null;
    }
    case "single":
    case "yesno":
    case "scale": {
      if (value.kind !== "choice") return "wrong_kind";
      const keys =
        question.type === "yesno"
          ? ["yes", "no"]
          : question.type === "scale"
            ? (scales[question.scale ?? ""]?.options.map((o) => o.key) ?? [])
            : optionsFor(question, ctx).map((o) => o.key);
      return keys.includes(value.value) ? null : "unknown_option";
    }
  }
}

/**
 * Keeps only answers to questions that are visible given the other answers, so a respondent
 * who changes an earlier answer does not leave stale answers to questions they no longer see.
 * Iterates because hiding one answer can hide a question that depended on it.
 */
export function pruneHidden(content: Pick<BatteryContent, "modules">, answers: Answers, ctx: RunContext): Answers {
  let current = answers;
  for (let i = 0; i < 10; i++) {
    const visible = new Set(visibleSlots(content, current, ctx).map((s) => s.id));
    const next: Answers = {};
    for (const [id, v] of Object.entries(current)) if (visible.has(id)) next[id] = v;
    if (Object.keys(next).length === Object.keys(current).length) return next;
    current = next;
  }
  return current;
}

/**
 * The municipality a respondent chose, in the battery's question with the municipality role (whatever the coordinator
 * named it), or null: a round for several municipalities files the response under it.
 */
export function chosenMunicipality(content: Pick<BatteryContent, "modules">, answers: Answers): string | null {
  const question = content.modules.flatMap((m) => m.questions).find((q) => q.role === "municipality");
  const answer = question ? answers[question.key] : undefined;
  return answer?.kind === "choice" ? answer.value : null;
}
