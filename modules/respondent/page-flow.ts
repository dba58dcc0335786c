/**
 * The survey's pages: one per module that has something to ask. A module page also carries the questions
 * that the page's own answers can reveal (rendered hidden, revealed at once by the browser script, or
 * shown on the next render without JavaScript). Pure.
 */
import {
  type Answers,
  conditionHolds,
  moduleIsAsked,
  optionsFor,
  type RunContext,
  type Slot,
  slotId,
  visibleSlots,
} from "@/lib/battery/logic";
import type { BatteryContent, BatteryModule, Condition } from "@/lib/battery/schema";

export type DynamicRule = { slot: string; showIf?: Condition; repeat?: { question: string; item: string } };

export type Page = {
  module: BatteryModule;
  /** Every slot the page may show, in order. */
  slots: Slot[];
  /** Of those, the ones visible given the saved answers. */
  visible: Set<string>;
  /** How the browser decides visibility of slots that depend on this page's own answers. */
  rules: DynamicRule[];
};

export function askedModules(
  content: Pick<BatteryContent, "modules">,
  answers: Answers,
  ctx: RunContext,
): BatteryModule[] {
  const withSlots = new Set(visibleSlots(content, answers, ctx).map((s) => s.module.key));
  return content.modules.filter((m) => withSlots.has(m.key));
}

export function buildPage(
  content: Pick<BatteryContent, "modules">,
  moduleKey: string,
  answers: Answers,
  ctx: RunContext,
): Page | null {
  const batteryModule = content.modules.find((m) => m.key === moduleKey);
  if (!batteryModule || !moduleIsAsked(batteryModule, ctx)) return null;
  const visibleHere = visibleSlots(content, answers, ctx).filter((s) => s.module.key === moduleKey);
  const visible = new Set(visibleHere.map((s) => s.id));
  const onPage = new Set(batteryModule.questions.map((q) => q.key));
  const slots: Slot[] = [];
  const rules: DynamicRule[] = [];
  for (const question of batteryModule.questions) {
    if (question.onlyIfSeveralMunicipalities && ctx.municipalities.length < 2) continue;
    if (question.repeatFor && onPage.has(question.repeatFor.question)) {
      const source = batteryModule.questions.find((q) => q.key === question.repeatFor!.question)!;
      for (const item of optionsFor(source, ctx)) {
        if (item.key === source.exclusiveOption) continue;
        const id = slotId(question.key, item.key);
        slots.push({ id, module: batteryModule, question, item });
        rules.push({ slot: id, repeat: { question: source.key, item: item.key } });
      }
      continue;
    }
    if (question.showIf && onPage.has(question.showIf.question)) {
      slots.push({ id: question.key, module: batteryModule, question });
      rules.push({ slot: question.key, showIf: question.showIf });
      continue;
    }
    slots.push(...visibleHere.filter((s) => s.question.key === question.key));
  }
  return { module: batteryModule, slots, visible, rules };
}

/** Whether a dynamic rule holds for the answers currently on the page. */
export function ruleHolds(rule: DynamicRule, answers: Answers): boolean {
  if (rule.showIf) return conditionHolds(rule.showIf, answers);
  if (rule.repeat) {
    const a = answers[rule.repeat.question];
    return a?.kind === "choices" && a.values.includes(rule.repeat.item);
  }
  return true;
}

export function neighbours(
  modules: BatteryModule[],
  current: string,
): { index: number; previous?: string; next?: string } {
  const index = modules.findIndex((m) => m.key === current);
  return { index, previous: modules[index - 1]?.key, next: modules[index + 1]?.key };
}

/** The page after the last module, where the answers are sent. */
export const SEND_PAGE = "send";

/**
 * Where a returning respondent continues: the page they were sent to last, if it is still asked given their answers
 * (an answer can have taken a module away), or the send page if they had reached it; otherwise the first page with
 * nothing answered on it, or the first page.
 */
export function resumePage(
  content: Pick<BatteryContent, "modules">,
  answers: Answers,
  ctx: RunContext,
  atPage: string | null,
): string {
  const asked = askedModules(content, answers, ctx).map((m) => m.key);
  if (atPage === SEND_PAGE || (atPage && asked.includes(atPage))) return atPage;
  const answered = new Set(
    visibleSlots(content, answers, ctx)
      .filter((s) => answers[s.id])
      .map((s) => s.module.key),
  );
  return asked.find((key) => !answered.has(key)) ?? asked[0] ?? SEND_PAGE;
}
