/**
 * Hostile battery imports, in process (issue #8): JSON drafts (the shape check every save and import goes
 * through, and the publish check) and XLSForm workbooks. Whatever comes in, the checks never throw; what they
 * let through has the battery's shape, holds only text PostgreSQL can store, and nothing reaches
 * Object.prototype. The database side (saveDraft) is in tests/db/import-fuzz.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateForPublish } from "@/modules/authoring/versions";
import { importXlsForm, xlsFormIssueCodes } from "@/modules/authoring/xlsform";
import {
  type BatteryContent,
  batteryContentSchema,
  batteryShapeSchema,
  localModuleShapeSchema,
  problemsByQuestion,
} from "@/lib/battery/schema";
import { buildReferenceBattery, referenceCatalogue } from "@/lib/seed/reference-battery";
import { buildXlsx } from "@/tests/fixtures/xlsform/build";
import { choiceRows, settingsRows, surveyRows } from "@/tests/fixtures/xlsform/housing-form";
import {
  allStrings,
  editWorkbook,
  hostileImport,
  prototypeSnapshot,
  type Rows,
  storable,
  workbookEdit,
} from "@/tests/fuzz/arbitraries";

const seed = Number(process.env.FUZZ_SEED ?? 20260808);
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.ceil(n * scale);

const full = buildReferenceBattery();

/**
 * The reference battery cut down to two modules and two languages: every kind of question, scale, condition and
 * repeat is still there, at a twentieth of the size, so runs stay cheap.
 */
function smallBattery(): BatteryContent {
  const keep = new Set(["sv", "ar"]);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      const isText = typeof (v as { sv?: unknown }).sv === "string";
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !isText || keep.has(k))
          .map(([k, x]) => [k, strip(x)]),
      );
    }
    return v;
  };
  const modules = full.modules
    .filter((m) => m.key === "trust" || m.key === "interventions")
    .map((m) => (m.key === "trust" ? { ...m, questions: m.questions.slice(3, 6) } : m));
  return strip({ ...full, modules }) as BatteryContent;
}
const small = smallBattery();
const localModule = { catalogue: referenceCatalogue(), questions: [] };

/** Strings in a value that PostgreSQL would refuse (NUL, lone surrogates), shown escaped. */
const unstorable = (v: unknown) =>
  allStrings(v)
    .filter((s) => !storable(s))
    .map((s) => JSON.stringify(s.slice(0, 60)));

function checkDraft(text: string, kind: "regional" | "local") {
  const prototype = prototypeSnapshot();
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    return; // the import refuses what is not JSON before any check
  }
  const shape = (kind === "regional" ? batteryShapeSchema : localModuleShapeSchema).safeParse(content);
  if (shape.success) {
    expect(unstorable(shape.data), "a draft the database cannot store").toEqual([]);
    expect(Object.getPrototypeOf(shape.data)).toBe(Object.prototype);
    if (kind === "regional") expect(problemsByQuestion(shape.data as BatteryContent)).toBeInstanceOf(Map);
  }
  const publish = validateForPublish(content, kind);
  if (publish.ok) expect(shape.success).toBe(true);
  else {
    expect(publish.problems.length).toBeGreaterThan(0);
    for (const p of publish.problems) expect([typeof p.path, typeof p.message]).toEqual(["string", "string"]);
  }
  expect(prototypeSnapshot()).toEqual(prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe("hostile battery drafts (JSON import, editor save)", () => {
  it("are refused or kept whole by the shape and publish checks, which never throw", () => {
    expect(validateForPublish(small).ok).toBe(true);
    fc.assert(
      fc.property(hostileImport(small), (text) => checkDraft(text, "regional")),
      { numRuns: runs(7_000), seed },
    );
  });

  it("the same for the whole reference battery and a local module", () => {
    fc.assert(
      fc.property(hostileImport(full), (text) => checkDraft(text, "regional")),
      { numRuns: runs(100), seed: seed + 1 },
    );
    fc.assert(
      fc.property(hostileImport(localModule), (text) => checkDraft(text, "local")),
      { numRuns: runs(1_600), seed: seed + 2 },
    );
  });
});

const housing: Record<"survey" | "choices" | "settings", Rows> = {
  survey: surveyRows,
  choices: choiceRows,
  settings: settingsRows,
};

describe("hostile XLSForm workbooks", () => {
  it("never make the import throw; what it imports has the battery's shape and only storable text", () => {
    fc.assert(
      fc.property(
        fc.array(workbookEdit, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("shared" as const, "inline" as const),
        fc.subarray(["choices", "settings"] as const),
        (edits, strings, dropped) => {
          const sheets = editWorkbook(housing, edits);
          const bytes = buildXlsx(
            (["survey", "choices", "settings"] as const)
              .filter((name) => !(dropped as readonly string[]).includes(name))
              .map((name) => ({ name, rows: sheets[name], strings })),
          );
          const result = importXlsForm(bytes, small);
          for (const i of result.issues) {
            expect(xlsFormIssueCodes).toContain(i.code);
            expect(typeof i.message).toBe("string");
            expect(Object.values(i.params).every((v) => typeof v === "string")).toBe(true);
          }
          if (result.ok) {
            const shape = batteryShapeSchema.safeParse(result.content);
            expect(shape.error?.issues ?? []).toEqual([]);
            expect(unstorable(result.content), "an imported draft the database cannot store").toEqual([]);
            expect(result.counts.questions).toBe(result.content.modules.reduce((n, m) => n + m.questions.length, 0));
            // Structural problems may stay until publishing, but the check itself must cope.
            batteryContentSchema.safeParse(result.content);
          } else expect(result.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: runs(800), seed: seed + 3 },
    );
  });
});
