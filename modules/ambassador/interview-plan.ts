/**
 * The path of an interview, as pure functions of the battery, the answers so far and the run. The ambassador reads
 * the spoken questions aloud, module by module; then hands the device over once, and the respondent answers the
 * private part alone (the sensitive questions, and every question whose showing would reveal a sensitive answer),
 * with "back" only within that part; then hands it back, and the ambassador fills in the interview record.
 * The same functions run on the device (offline) and on the server (checking what arrives).
 */
import { type Answers, type RunContext, visibleSlots } from "@/lib/battery/logic";
import type { BatteryContent } from "@/lib/battery/schema";
import { buildPage, type Page } from "@/modules/respondent/page-flow";

export type InterviewStep =
  | { kind: "language" }
  | { kind: "spoken"; module: string }
  | { kind: "handover" }
  | { kind: "private"; module: string }
  | { kind: "handback" }
  | { kind: "record" }
  | { kind: "saved" };

export type Part = "spoken" | "private";

/**
 * The questions answered in private: the sensitive ones, and those shown only because of a private answer (asking
 * them aloud would tell the ambassador the answer). Conditions refer to earlier questions, so one pass in order is
 * enough.
 */
export function privateQuestions(content: Pick<BatteryContent, "modules">): Set<string> {
  const keys = new Set<string>();
  for (const batteryModule of content.modules) {
    for (const q of batteryModule.questions) {
      if (q.sensitive || (q.showIf && keys.has(q.showIf.question)) || (q.repeatFor && keys.has(q.repeatFor.question)))
        keys.add(q.key);
    }
  }
  return keys;
}

/**
 * One module's page for one part: only that part's questions. A question whose showing depends on a question of the
 * other part is shown or hidden by the answers already given (there is nothing on this page that could change it).
 */
export function partPage(
  content: Pick<BatteryContent, "modules">,
  moduleKey: string,
  part: Part,
  answers: Answers,
  ctx: RunContext,
): Page | null {
  const page = buildPage(content, moduleKey, answers, ctx);
  if (!page) return null;
  const secret = privateQuestions(content);
  const mine = (key: string) => secret.has(key) === (part === "private");
  const slots = page.slots.filter((s) => mine(s.question.key));
  const onPage = new Set(slots.map((s) => s.question.key));
  const rules = page.rules.filter(
    (r) => slots.some((s) => s.id === r.slot) && onPage.has(r.showIf?.question ?? r.repeat?.question ?? ""),
  );
  const ruled = new Set(rules.map((r) => r.slot));
  // A slot whose rule depends on the other part is settled by the answers given there: kept only if it shows.
  const kept = slots.filter((s) => ruled.has(s.id) || page.visible.has(s.id));
  return { module: page.module, slots: kept, visible: page.visible, rules };
}

/** The modules with something to ask in a part, in battery order, given the answers so far. */
export function partModules(
  content: Pick<BatteryContent, "modules">,
  part: Part,
  answers: Answers,
  ctx: RunContext,
): string[] {
  const secret = privateQuestions(content);
  const keys: string[] = [];
  for (const slot of visibleSlots(content, answers, ctx)) {
    if (secret.has(slot.question.key) !== (part === "private")) continue;
    if (!keys.includes(slot.module.key)) keys.push(slot.module.key);
  }
  return keys;
}

/** Where "next" leads from a step. */
export function nextStep(
  content: Pick<BatteryContent, "modules">,
  step: InterviewStep,
  answers: Answers,
  ctx: RunContext,
): InterviewStep {
  const spoken = partModules(content, "spoken", answers, ctx);
  const secret = partModules(content, "private", answers, ctx);
  const afterSpoken: InterviewStep = secret.length ? { kind: "handover" } : { kind: "record" };
  switch (step.kind) {
    case "language":
      return spoken.length ? { kind: "spoken", module: spoken[0]! } : afterSpoken;
    case "spoken": {
      const later = laterIn(content, spoken, step.module);
      return later ? { kind: "spoken", module: later } : afterSpoken;
    }
    case "handover":
      return secret.length ? { kind: "private", module: secret[0]! } : { kind: "handback" };
    case "private": {
      const later = laterIn(content, secret, step.module);
      return later ? { kind: "private", module: later } : { kind: "handback" };
    }
    case "handback":
      return { kind: "record" };
    case "record":
    case "saved":
      return { kind: "saved" };
  }
}

/** Where "back" leads, or null where there is no way back (into or out of the private part once it has ended). */
export function previousStep(
  content: Pick<BatteryContent, "modules">,
  step: InterviewStep,
  answers: Answers,
  ctx: RunContext,
): InterviewStep | null {
  const spoken = partModules(content, "spoken", answers, ctx);
  const secret = partModules(content, "private", answers, ctx);
  switch (step.kind) {
    case "spoken": {
      const earlier = earlierIn(content, spoken, step.module);
      return earlier ? { kind: "spoken", module: earlier } : { kind: "language" };
    }
    case "handover":
      return spoken.length ? { kind: "spoken", module: spoken[spoken.length - 1]! } : { kind: "language" };
    case "private": {
      const earlier = earlierIn(content, secret, step.module);
      return earlier ? { kind: "private", module: earlier } : null;
    }
    default:
      return null;
  }
}

/**
 * The step an interview resumes at, after a reload or a restart: the one it was on, if it still has something to
 * ask given the answers; otherwise the next one that has. A resumed private part restarts at the handover screen's
 * respondent side, never with its answers on show.
 */
export function resumeStep(
  content: Pick<BatteryContent, "modules">,
  step: InterviewStep,
  answers: Answers,
  ctx: RunContext,
): InterviewStep {
  if (step.kind !== "spoken" && step.kind !== "private") return step;
  const modules = partModules(content, step.kind, answers, ctx);
  if (modules.includes(step.module)) return step;
  const order = content.modules.map((m) => m.key);
  const later = modules.find((m) => order.indexOf(m) > order.indexOf(step.module));
  if (later) return { kind: step.kind, module: later };
  return nextStep(content, { kind: step.kind, module: modules[modules.length - 1] ?? step.module }, answers, ctx);
}

/** Which page of how many, over both parts (for "part 3 of 11"). */
export function progressOf(
  content: Pick<BatteryContent, "modules">,
  step: InterviewStep,
  answers: Answers,
  ctx: RunContext,
): { current: number; total: number } | null {
  if (step.kind !== "spoken" && step.kind !== "private") return null;
  const spoken = partModules(content, "spoken", answers, ctx);
  const secret = partModules(content, "private", answers, ctx);
  const index = step.kind === "spoken" ? spoken.indexOf(step.module) : spoken.length + secret.indexOf(step.module);
  return { current: index + 1, total: spoken.length + secret.length };
}

/** The slots answered in private: what the server records as given in the handover. */
export function privatelyAnswered(content: Pick<BatteryContent, "modules">, answers: Answers): string[] {
  const secret = privateQuestions(content);
  return Object.keys(answers).filter((id) => secret.has(id.split("#")[0]!));
}

function laterIn(content: Pick<BatteryContent, "modules">, modules: string[], current: string): string | undefined {
  const order = content.modules.map((m) => m.key);
  return modules.find((m) => order.indexOf(m) > order.indexOf(current));
}

function earlierIn(content: Pick<BatteryContent, "modules">, modules: string[], current: string): string | undefined {
  const order = content.modules.map((m) => m.key);
  return [...modules].reverse().find((m) => order.indexOf(m) < order.indexOf(current));
}
