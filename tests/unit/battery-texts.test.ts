import { describe, expect, it } from "vitest";
import { format } from "@/modules/authoring/components/editor/format";
import { problemsByQuestion } from "@/lib/battery/schema";
import {
  batteryTexts,
  countStates,
  rewordedTexts,
  sourceHash,
  translationState,
  withTranslation,
} from "@/lib/battery/texts";
import { buildReferenceBattery } from "@/lib/seed/reference-battery";

const battery = buildReferenceBattery();

describe("battery texts", () => {
  it("lists every translatable text once, under ids built from keys", () => {
    const texts = batteryTexts(battery);
    const ids = texts.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const q = battery.modules[0]!.questions[0]!;
    expect(ids).toContain(`question:${q.key}`);
    expect(ids).toContain("title");
    for (const o of q.options ?? []) expect(ids).toContain(`option:${q.key}:${o.key}`);
    // Reordering questions keeps every id.
    const reordered = structuredClone(battery);
    reordered.modules[0]!.questions.reverse();
    expect(new Set(batteryTexts(reordered).map((t) => t.id))).toEqual(new Set(ids));
  });

  it("finds reworded Swedish sources and nothing else", () => {
    const after = structuredClone(battery);
    after.modules[1]!.questions[0]!.text.sv += " nu";
    after.modules[1]!.questions[0]!.text.ar = "changed translation only";
    const q = after.modules[1]!.questions[0]!;
    expect(rewordedTexts(battery, after)).toEqual([
      { id: `question:${q.key}`, before: battery.modules[1]!.questions[0]!.text.sv },
    ]);
  });

  it("sets and removes one translation without touching the original", () => {
    const id = `question:${battery.modules[0]!.questions[0]!.key}`;
    const changed = withTranslation(battery, id, "ar", "  نص  ");
    expect(batteryTexts(changed).find((t) => t.id === id)!.text.ar).toBe("نص");
    expect(batteryTexts(withTranslation(changed, id, "ar", "")).find((t) => t.id === id)!.text.ar).toBeUndefined();
    expect(batteryTexts(battery).find((t) => t.id === id)!.text.ar).not.toBe("نص");
  });

  it("derives missing, draft, reviewed and needs-review from the text and its status row", () => {
    const text = { sv: "Hej", ar: "مرحبا" };
    expect(translationState({ sv: "Hej" }, "ar", undefined)).toBe("missing");
    expect(
      translationState({ sv: "Hej", ar: "  " }, "ar", { status: "reviewed", source_hash: sourceHash("Hej") }),
    ).toBe("missing");
    expect(translationState(text, "ar", undefined)).toBe("draft");
    expect(translationState(text, "ar", { status: "reviewed", source_hash: sourceHash("Hej") })).toBe("reviewed");
    expect(translationState(text, "ar", { status: "reviewed", source_hash: sourceHash("Hej då") })).toBe(
      "needs_review",
    );
    expect(countStates(["missing", "draft", "reviewed", "needs_review"])).toEqual({
      total: 4,
      missing: 1,
      unreviewed: 2,
      needsReview: 1,
    });
    expect(sourceHash("a")).not.toBe(sourceHash("b"));
  });
});

describe("editor problems", () => {
  it("puts each structural problem beside its question", () => {
    const broken = structuredClone(battery);
    broken.modules[1]!.questions[0]!.showIf = { question: "no.such", op: "is", values: ["x"] };
    broken.modules[2]!.questions[1]!.key = broken.modules[0]!.questions[0]!.key;
    const problems = problemsByQuestion(broken);
    expect(problems.get("modules.1.questions.0")).toEqual([
      {
        path: ["modules", 1, "questions", 0, "showIf"],
        message: `showIf refers to "no.such", which is not an earlier question`,
        code: "showIfUnknown",
        params: { question: "no.such" },
      },
    ]);
    expect(problems.get("modules.2.questions.1")?.[0]).toMatchObject({
      code: "questionKeyDup",
      params: { key: broken.modules[0]!.questions[0]!.key },
    });
    expect(problemsByQuestion(battery).size).toBe(0);
  });

  it("never throws on a half-edited battery", () => {
    expect(() =>
      problemsByQuestion({
        scales: {},
        modules: [{ key: "x", title: { sv: "" }, questions: [{} as never] }],
        ambassadorFields: [],
      }),
    ).not.toThrow();
  });

  it("fills labels with placeholders and plurals", () => {
    expect(format("Move {key} up", { key: "bg.age" })).toBe("Move bg.age up");
    expect(format("{count, plural, one {# problem} other {# problems}}", { count: 1 })).toBe("1 problem");
    expect(format("{count, plural, one {# problem stands} other {# problems stand}} in the way.", { count: 3 })).toBe(
      "3 problems stand in the way.",
    );
  });
});
