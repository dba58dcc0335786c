import { describe, expect, it } from "vitest";
import { batteryContentSchema, findStructuralProblems, type BatteryContent } from "@/lib/battery/schema";
import { locales } from "@/lib/i18n/locales";
import { buildReferenceBattery, parseCondition, referenceCatalogue } from "@/lib/seed/reference-battery";

const reference = buildReferenceBattery();

function clone(): BatteryContent {
  return structuredClone(reference);
}

/** Every respondent-facing text of a battery, with where it sits. */
function allTexts(content: BatteryContent): [string, Record<string, string | undefined>][] {
  const out: [string, Record<string, string | undefined>][] = [
    ["title", content.title],
    ["intro", content.intro],
  ];
  for (const [name, scale] of Object.entries(content.scales))
    for (const o of scale.options) out.push([`scale ${name} ${o.key}`, o.label]);
  out.push(["dont_know", content.special.dont_know], ["no_answer", content.special.no_answer]);
  out.push(["yes", content.yesno.yes], ["no", content.yesno.no]);
  for (const m of content.modules) {
    out.push([`module ${m.key}`, m.title]);
    for (const q of [...m.questions]) {
      out.push([q.key, q.text]);
      for (const o of q.options ?? []) out.push([`${q.key} ${o.key}`, o.label]);
    }
  }
  for (const q of content.ambassadorFields) {
    out.push([q.key, q.text]);
    for (const o of q.options ?? []) out.push([`${q.key} ${o.key}`, o.label]);
  }
  return out;
}

describe("the reference battery", () => {
  it("passes the schema with the reference's modules and questions", () => {
    expect(reference.modules.map((m) => m.key)).toEqual([
      "background",
      "information",
      "language_education",
      "work",
      "housing",
      "health",
      "social",
      "trust",
      "values",
      "interventions",
      "closing",
    ]);
    expect(reference.modules.flatMap((m) => m.questions)).toHaveLength(55);
    expect(reference.ambassadorFields.map((q) => q.key)).toEqual([
      "amb.setting",
      "amb.place",
      "amb.read_aloud",
      "amb.note",
    ]);
  });

  it("has every respondent-facing text in all ten languages", () => {
    const missing = allTexts(reference).flatMap(([where, text]) =>
      locales.filter((l) => !text[l]?.trim()).map((l) => `${where} [${l}]`),
    );
    expect(missing).toEqual([]);
    for (const item of referenceCatalogue())
      for (const l of locales) expect(item.label[l], `${item.key} ${l}`).toBeTruthy();
  });

  it("keeps the {intervention} placeholder in every language of the repeated question", () => {
    const useful = reference.modules.flatMap((m) => m.questions).find((q) => q.key === "interventions.useful")!;
    for (const l of locales) expect(useful.text[l]).toContain("{intervention}");
  });

  it("reads the reference's conditions and repetition", () => {
    const byKey = new Map(reference.modules.flatMap((m) => m.questions).map((q) => [q.key, q]));
    expect(byKey.get("info.so_timing")!.showIf).toEqual({
      question: "info.so_own_language",
      op: "isNot",
      values: ["not_taken"],
    });
    expect(byKey.get("edu.sfi_fits")!.showIf).toEqual({
      question: "bg.main_activity",
      op: "includes",
      values: ["sfi"],
    });
    expect(byKey.get("interventions.improve")!.showIf).toEqual({
      question: "interventions.participated",
      op: "answeredExcept",
      values: ["none"],
    });
    expect(byKey.get("interventions.useful")!.repeatFor).toEqual({ question: "interventions.participated" });
    expect(byKey.get("bg.municipality")!.optionsFrom).toBe("municipalities");
    expect(byKey.get("work.obstacles")!.maxChoices).toBe(3);
    expect(byKey.get("trust.discrimination")!.exclusiveOption).toBe("none");
    expect([...byKey.values()].filter((q) => q.sensitive).map((q) => q.key)).toEqual([
      "work.unfair_hiring",
      "health.lonely",
      "trust.safe_to_criticise",
      "trust.discrimination",
      "trust.works_worst",
    ]);
    expect(() => parseCondition("x.y frobnicates z")).toThrow();
  });

  it("marks the top two steps as positive, and the low steps for loneliness", () => {
    expect(reference.scales.agree5!.positive).toEqual(["5", "4"]);
    expect(reference.scales.freq5!.positive).toEqual(["2", "1"]);
  });
});

describe("structural validation", () => {
  it("finds duplicate keys", () => {
    const c = clone();
    c.modules[1]!.questions[0]!.key = c.modules[0]!.questions[1]!.key;
    expect(findStructuralProblems(c).map((p) => p.message)).toContain(
      `Question key "${c.modules[0]!.questions[1]!.key}" is used twice`,
    );
  });

  it("refuses a condition on a later question (which also rules out cycles)", () => {
    const c = clone();
    c.modules[0]!.questions[1]!.showIf = { question: "closing.felt_free", op: "is", values: ["5"] };
    expect(findStructuralProblems(c)[0]!.message).toMatch(/not an earlier question/);
  });

  it("refuses a condition naming an option the question does not have", () => {
    const c = clone();
    c.modules[1]!.questions[1]!.showIf = { question: "info.so_own_language", op: "isNot", values: ["maybe"] };
    expect(findStructuralProblems(c)[0]!.message).toBe(`"info.so_own_language" has no option "maybe"`);
  });

  it("refuses a choice question without options, and an unknown scale", () => {
    const c = clone();
    c.modules[0]!.questions[1]!.options = [];
    c.modules[1]!.questions[1]!.scale = "agree7";
    const messages = findStructuralProblems(c).map((p) => p.message);
    expect(messages).toContain("A choice question needs options");
    expect(messages).toContain(`Scale "agree7" does not exist`);
  });

  it("refuses repeatFor on a question that is not multiple choice", () => {
    const c = clone();
    const q = c.modules.find((m) => m.key === "interventions")!.questions[1]!;
    q.repeatFor = { question: "bg.gender" };
    expect(findStructuralProblems(c).map((p) => p.message)).toContain("repeatFor needs a multiple-choice question");
  });

  it("requires Swedish text and refuses unknown properties and languages", () => {
    const c = clone() as unknown as {
      title: Record<string, string>;
      modules: { questions: Record<string, unknown>[] }[];
    };
    c.title.sv = " ";
    expect(batteryContentSchema.safeParse(c).success).toBe(false);
    const d = clone() as unknown as { modules: { questions: Record<string, unknown>[] }[] };
    d.modules[0]!.questions[0]!.colour = "red";
    expect(batteryContentSchema.safeParse(d).success).toBe(false);
    const e = clone() as unknown as { title: Record<string, string> };
    e.title.xx = "hello";
    expect(batteryContentSchema.safeParse(e).success).toBe(false);
  });
});

describe("storable text", () => {
  it("drops NUL and replaces lone surrogates, keeping every other character as written", async () => {
    const { isStorableText, storableText } = await import("@/lib/battery/schema");
    expect(storableText("a\u0000b")).toBe("ab");
    expect(storableText("x\uD800y")).toBe("x\uFFFDy");
    expect(storableText("\uDC00z")).toBe("\uFFFDz");
    const odd = "\u202Eعربي\u200B e\u0301 😀";
    expect(storableText(odd)).toBe(odd);
    expect(isStorableText(storableText("\u0000\uD800\uDC00\uDFFF"))).toBe(true);
  });
});
