import { describe, expect, it } from "vitest";
import type { Answers, RunContext } from "@/lib/battery/logic";
import type { BatteryContent } from "@/lib/battery/schema";
import {
  type InterviewStep,
  nextStep,
  partModules,
  partPage,
  previousStep,
  privatelyAnswered,
  privateQuestions,
  progressOf,
  resumeStep,
} from "@/modules/ambassador/interview-plan";
import { buildReferenceBattery, referenceCatalogue } from "@/lib/seed/reference-battery";

const battery = buildReferenceBattery();
const ctx: RunContext = { municipalities: [], catalogue: referenceCatalogue().slice(0, 4) };

function walk(answers: Answers = {}): InterviewStep[] {
  const steps: InterviewStep[] = [{ kind: "language" }];
  while (steps.at(-1)!.kind !== "saved" && steps.length < 60)
    steps.push(nextStep(battery, steps.at(-1)!, answers, ctx));
  return steps;
}
const label = (s: InterviewStep) => ("module" in s ? `${s.kind}:${s.module}` : s.kind);

/** A battery where a question is shown only after a sensitive answer: asking it aloud would reveal that answer. */
function withFollowUp(): BatteryContent {
  const content = structuredClone(battery);
  const trust = content.modules.find((m) => m.key === "trust")!;
  const discrimination = trust.questions.find((q) => q.key === "trust.discrimination")!;
  const follow = {
    ...structuredClone(trust.questions.find((q) => q.key === "trust.one_change")!),
    key: "trust.where_discriminated",
    sensitive: false,
  };
  follow.showIf = { question: discrimination.key, anyOf: [discrimination.options?.[0]?.key ?? "yes"] } as never;
  trust.questions.push(follow);
  const closing = content.modules.find((m) => m.key === "closing")!;
  closing.questions.push({
    ...structuredClone(follow),
    key: "closing.after_discrimination",
    showIf: { question: "trust.where_discriminated", anyOf: ["x"] } as never,
  });
  return content;
}

describe("interview plan", () => {
  it("asks every spoken module aloud, then hands over once for all private questions, then the record", () => {
    expect(walk().map(label)).toEqual([
      "language",
      "spoken:background",
      "spoken:information",
      "spoken:language_education",
      "spoken:work",
      "spoken:housing",
      "spoken:health",
      "spoken:social",
      "spoken:trust",
      "spoken:values",
      "spoken:interventions",
      "spoken:closing",
      "handover",
      "private:work",
      "private:health",
      "private:trust",
      "handback",
      "record",
      "saved",
    ]);
  });

  it("treats as private the sensitive questions and every question shown because of a private answer", () => {
    expect([...privateQuestions(battery)].sort()).toEqual([
      "health.lonely",
      "trust.discrimination",
      "trust.safe_to_criticise",
      "trust.works_worst",
      "work.unfair_hiring",
    ]);
    const keys = privateQuestions(withFollowUp());
    expect(keys.has("trust.where_discriminated")).toBe(true);
    expect(keys.has("closing.after_discrimination")).toBe(true);
    expect(keys.has("trust.one_change")).toBe(false);
  });

  it("shows a part's page with only that part's questions", () => {
    const spoken = partPage(battery, "trust", "spoken", {}, ctx)!;
    const secret = partPage(battery, "trust", "private", {}, ctx)!;
    expect(spoken.slots.map((s) => s.question.key)).not.toContain("trust.safe_to_criticise");
    expect(spoken.slots.map((s) => s.question.key)).toContain("trust.respect_staff");
    expect(secret.slots.map((s) => s.question.key).sort()).toEqual([
      "trust.discrimination",
      "trust.safe_to_criticise",
      "trust.works_worst",
    ]);
    expect(partPage(battery, "values", "private", {}, ctx)!.slots).toEqual([]);
  });

  it("keeps the ambassador out of the private part: no way back into it, and no way out of it backwards", () => {
    expect(previousStep(battery, { kind: "private", module: "work" }, {}, ctx)).toBeNull();
    expect(previousStep(battery, { kind: "private", module: "trust" }, {}, ctx)).toEqual({
      kind: "private",
      module: "health",
    });
    expect(previousStep(battery, { kind: "handback" }, {}, ctx)).toBeNull();
    expect(previousStep(battery, { kind: "record" }, {}, ctx)).toBeNull();
    expect(previousStep(battery, { kind: "handover" }, {}, ctx)).toEqual({ kind: "spoken", module: "closing" });
    expect(previousStep(battery, { kind: "spoken", module: "background" }, {}, ctx)).toEqual({ kind: "language" });
  });

  it("resumes at the same step, or the next one still asked when answers changed what is asked", () => {
    expect(resumeStep(battery, { kind: "private", module: "health" }, {}, ctx)).toEqual({
      kind: "private",
      module: "health",
    });
    const noWork: RunContext = { ...ctx, disabledModules: ["work"] };
    expect(resumeStep(battery, { kind: "private", module: "work" }, {}, noWork)).toEqual({
      kind: "private",
      module: "health",
    });
    expect(resumeStep(battery, { kind: "spoken", module: "work" }, {}, noWork)).toEqual({
      kind: "spoken",
      module: "housing",
    });
    const onlyWorkPrivate: RunContext = { ...ctx, disabledModules: ["health", "trust"] };
    expect(resumeStep(battery, { kind: "private", module: "trust" }, {}, onlyWorkPrivate)).toEqual({
      kind: "handback",
    });
    expect(resumeStep(battery, { kind: "handback" }, {}, ctx)).toEqual({ kind: "handback" });
  });

  it("goes straight to the record when nothing is private, and counts pages over both parts", () => {
    const noPrivate: RunContext = { ...ctx, disabledModules: ["work", "health", "trust"] };
    expect(partModules(battery, "private", {}, noPrivate)).toEqual([]);
    expect(nextStep(battery, { kind: "spoken", module: "closing" }, {}, noPrivate)).toEqual({ kind: "record" });
    expect(progressOf(battery, { kind: "spoken", module: "background" }, {}, ctx)).toEqual({ current: 1, total: 14 });
    expect(progressOf(battery, { kind: "private", module: "trust" }, {}, ctx)).toEqual({ current: 14, total: 14 });
    expect(progressOf(battery, { kind: "handover" }, {}, ctx)).toBeNull();
  });

  it("records as given in private exactly the private answers", () => {
    const answers: Answers = {
      "bg.gender": { kind: "choice", value: "woman" },
      "health.lonely": { kind: "choice", value: "4" },
      "trust.safe_to_criticise": { kind: "choice", value: "2" },
    };
    expect(privatelyAnswered(battery, answers).sort()).toEqual(["health.lonely", "trust.safe_to_criticise"]);
  });
});
