import { describe, expect, it } from "vitest";
import {
  type Answers,
  checkAnswer,
  chosenMunicipality,
  pruneHidden,
  type RunContext,
  visibleSlots,
} from "@/lib/battery/logic";
import { buildReferenceBattery, referenceCatalogue } from "@/lib/seed/reference-battery";
import { fillPlaceholders, pickText } from "@/lib/battery/text";

const battery = buildReferenceBattery();
const catalogue = referenceCatalogue().slice(0, 4);
const ctx: RunContext = { municipalities: [], catalogue };
const question = (key: string) => battery.modules.flatMap((m) => m.questions).find((q) => q.key === key)!;

function ids(answers: Answers, context = ctx) {
  return visibleSlots(battery, answers, context).map((s) => s.id);
}

describe("visibleSlots", () => {
  it("asks the municipality only when the survey covers several", () => {
    expect(ids({})).not.toContain("bg.municipality");
    const two = {
      ...ctx,
      municipalities: [
        { key: "0580", label: { sv: "Linköping" } },
        { key: "0581", label: { sv: "Norrköping" } },
      ],
    };
    expect(ids({}, two)[0]).toBe("bg.municipality");
  });

  it("hides civic-orientation follow-ups for those who have not taken it, and shows them when skipped", () => {
    expect(ids({ "info.so_own_language": { kind: "choice", value: "not_taken" } })).not.toContain("info.so_timing");
    expect(ids({ "info.so_own_language": { kind: "choice", value: "yes" } })).toContain("info.so_timing");
    expect(ids({})).toContain("info.so_timing");
  });

  it("asks about SFI only of those who study at SFI", () => {
    expect(ids({})).not.toContain("edu.sfi_fits");
    expect(ids({ "bg.main_activity": { kind: "choices", values: ["work", "sfi"] } })).toContain("edu.sfi_fits");
  });

  it("repeats 'was it useful' once for each intervention chosen, and never for 'none'", () => {
    const chosen = ids({ "interventions.participated": { kind: "choices", values: ["sfi", "placement"] } });
    expect(chosen.filter((id) => id.startsWith("interventions.useful"))).toEqual([
      "interventions.useful#sfi",
      "interventions.useful#placement",
    ]);
    expect(chosen).toContain("interventions.improve");
    const none = ids({ "interventions.participated": { kind: "choices", values: ["none"] } });
    expect(none.filter((id) => id.startsWith("interventions.useful"))).toEqual([]);
    expect(none).not.toContain("interventions.improve");
  });

  it("leaves out optional modules switched off and the local module without a catalogue", () => {
    expect(ids({}, { ...ctx, disabledModules: ["values"] }).some((id) => id.startsWith("values."))).toBe(false);
    expect(ids({}, { municipalities: [], catalogue: [] }).some((id) => id.startsWith("interventions."))).toBe(false);
  });
});

describe("checkAnswer", () => {
  const check = (key: string, value: Parameters<typeof checkAnswer>[1]) =>
    checkAnswer(question(key), value, ctx, battery.scales);

  it("accepts valid answers of every type", () => {
    expect(check("bg.gender", { kind: "choice", value: "woman" })).toBeNull();
    expect(check("bg.children", { kind: "choice", value: "yes" })).toBeNull();
    expect(check("trust.respect_staff", { kind: "choice", value: "4" })).toBeNull();
    expect(check("work.obstacles", { kind: "choices", values: ["language", "licence", "health"] })).toBeNull();
    expect(check("trust.one_change", { kind: "text", value: "Fler språkcaféer" })).toBeNull();
    expect(check("interventions.participated", { kind: "choices", values: ["sfi", "so"] })).toBeNull();
  });

  it("offers 'prefer not to say' everywhere and 'don't know' on scales only", () => {
    expect(check("bg.gender", { kind: "special", value: "no_answer" })).toBeNull();
    expect(check("trust.respect_staff", { kind: "special", value: "dont_know" })).toBeNull();
    expect(check("bg.gender", { kind: "special", value: "dont_know" })).toBe("special_not_allowed");
  });

  it("refuses what the question does not allow", () => {
    expect(check("bg.gender", { kind: "choice", value: "robot" })).toBe("unknown_option");
    expect(check("work.obstacles", { kind: "choices", values: ["language", "licence", "health", "other"] })).toBe(
      "too_many",
    );
    expect(check("trust.discrimination", { kind: "choices", values: ["none", "work"] })).toBe("exclusive_combined");
    expect(check("trust.discrimination", { kind: "choices", values: ["work", "work"] })).toBe("unknown_option");
    expect(check("trust.one_change", { kind: "text", value: "   " })).toBe("empty");
    expect(check("trust.one_change", { kind: "text", value: "x".repeat(2001) })).toBe("too_long");
    expect(check("trust.respect_staff", { kind: "choices", values: ["4"] })).toBe("wrong_kind");
    expect(check("interventions.participated", { kind: "choices", values: ["homework"] })).toBe("unknown_option");
  });
});

describe("pruneHidden", () => {
  it("drops answers to questions hidden by a changed earlier answer, transitively", () => {
    const answers: Answers = {
      "interventions.participated": { kind: "choices", values: ["none"] },
      "interventions.useful#sfi": { kind: "choice", value: "5" },
      "interventions.improve": { kind: "text", value: "mer tid" },
      "bg.gender": { kind: "choice", value: "man" },
    };
    expect(Object.keys(pruneHidden(battery, answers, ctx)).sort()).toEqual(["bg.gender", "interventions.participated"]);
  });
});

describe("texts", () => {
  it("falls back to Swedish and says so, never blank", () => {
    expect(pickText({ sv: "Hej", ar: "مرحبا" }, "ar")).toEqual({ text: "مرحبا", locale: "ar", missing: false });
    expect(pickText({ sv: "Hej", ti: " " }, "ti")).toEqual({ text: "Hej", locale: "sv", missing: true });
    expect(pickText({ sv: "Hej" }, "sv").missing).toBe(false);
  });

  it("fills placeholders", () => {
    expect(fillPlaceholders("{intervention} var till nytta för mig.", { intervention: "Språkcafé" })).toBe(
      "Språkcafé var till nytta för mig.",
    );
    expect(fillPlaceholders("{other} stays", {})).toBe("{other} stays");
  });
});

describe("the municipality a respondent chose", () => {
  it("is read from the question with the municipality role, whatever the coordinator named it", () => {
    expect(chosenMunicipality(battery, { "bg.municipality": { kind: "choice", value: "0581" } })).toBe("0581");
    const renamed = structuredClone(battery);
    const question = renamed.modules.flatMap((m) => m.questions).find((q) => q.role === "municipality")!;
    question.key = "bakgrund.kommun";
    expect(chosenMunicipality(renamed, { "bakgrund.kommun": { kind: "choice", value: "0580" } })).toBe("0580");
    expect(chosenMunicipality(renamed, { "bg.municipality": { kind: "choice", value: "0581" } })).toBeNull();
    delete question.role;
    expect(chosenMunicipality(renamed, { "bakgrund.kommun": { kind: "choice", value: "0580" } })).toBeNull();
    expect(chosenMunicipality(battery, { "bg.municipality": { kind: "special", value: "no_answer" } })).toBeNull();
  });
});
