import { describe, expect, it } from "vitest";
import { diffBatteries } from "@/lib/battery/diff";
import { batteryContentSchema } from "@/lib/battery/schema";
import { buildReferenceBattery } from "@/lib/seed/reference-battery";

const v1 = buildReferenceBattery();

describe("diffBatteries", () => {
  it("finds nothing between a version and itself", () => {
    expect(diffBatteries(v1, structuredClone(v1))).toEqual([]);
  });

  it("names added, removed, reworded, moved and option changes by question key", () => {
    const v2 = structuredClone(v1);
    const trust = v2.modules.find((m) => m.key === "trust")!;
    trust.questions[0]!.text.sv = "Personalen i kommunen bemöter mig alltid med respekt.";
    trust.questions.push({
      key: "trust.new_one",
      type: "yesno",
      text: { sv: "Ny fråga?" },
      showIf: { question: "trust.respect_staff", op: "is", values: ["5"] },
    });
    const gender = v2.modules[0]!.questions.find((q) => q.key === "bg.gender")!;
    gender.options = [
      ...gender.options!.filter((o) => o.key !== "other"),
      { key: "nonbinary", label: { sv: "Ickebinär" } },
    ];
    gender.options[0]!.label.sv = "Kvinna eller flicka";
    v2.modules.find((m) => m.key === "values")!.questions.splice(0, 1);
    const moved = v2.modules.find((m) => m.key === "closing")!.questions.splice(0, 1)[0]!;
    trust.questions.push(moved);
    expect(batteryContentSchema.safeParse(v2).success).toBe(true);
    expect(diffBatteries(v1, v2)).toEqual([
      {
        kind: "options",
        key: "bg.gender",
        module: "background",
        added: ["nonbinary"],
        removed: ["other"],
        relabelled: ["woman"],
      },
      {
        kind: "reworded",
        key: "trust.respect_staff",
        module: "trust",
        before: "Personalen i kommunen bemöter mig med respekt.",
        after: "Personalen i kommunen bemöter mig alltid med respekt.",
      },
      { kind: "added", key: "trust.new_one", module: "trust" },
      { kind: "moved", key: "closing.felt_free", from: "closing", to: "trust" },
      { kind: "removed", key: "values.rules_clear", module: "values" },
    ]);
  });

  it("round-trips a version through JSON without loss", () => {
    const json = JSON.stringify(v1, null, 2);
    const back = batteryContentSchema.parse(JSON.parse(json));
    expect(back).toEqual(v1);
    expect(JSON.stringify(back, null, 2)).toBe(json);
  });
});
