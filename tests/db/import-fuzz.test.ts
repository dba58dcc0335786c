/**
 * Hostile battery imports through to the database (issue #8): saveDraft (which the JSON import, the editor's
 * save and the XLSForm import all end in) never throws; it saves exactly the shape-checked content, or answers
 * "invalid" (or "conflict") and leaves the draft, its audit trail and its translation flags as they were.
 * The many cheap in-process runs are in tests/unit/import-fuzz.test.ts.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDraft, newDraft, regionalBatteryId, saveDraft } from "@/modules/authoring/versions";
import { importXlsForm } from "@/modules/authoring/xlsform";
import { type BatteryContent, batteryShapeSchema } from "@/lib/battery/schema";
import { seedDatabase } from "@/lib/seed";
import { demoUuid } from "@/lib/seed/demo-responses";
import { buildReferenceBattery } from "@/lib/seed/reference-battery";
import { buildXlsx } from "@/tests/fixtures/xlsform/build";
import { choiceRows, settingsRows, surveyRows } from "@/tests/fixtures/xlsform/housing-form";
import {
  editWorkbook,
  hostileImport,
  hostileString,
  oddTextDraft,
  type Rows,
  workbookEdit,
} from "@/tests/fuzz/arbitraries";
import { freshDatabase, type TestDatabase } from "./database";

const seed = Number(process.env.FUZZ_SEED ?? 20260808);
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.ceil(n * scale);

let t: TestDatabase;
let batteryId: number;
const coordinator = demoUuid("demo-user-coordinator@demo.example");

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0 });
  batteryId = await regionalBatteryId(t.db);
  await newDraft(t.db, batteryId, coordinator);
});
afterAll(async () => {
  await t?.drop();
});

/** The draft and everything a save writes beside it. */
async function state() {
  const draft = (await loadDraft(t.db, batteryId))!;
  const { rows } = await sql<{ audits: number; flags: string }>`select
      (select count(*)::int from audit_log) as audits,
      (select coalesce(md5(string_agg(t::text, ',' order by t::text)), '') from translation_status t) as flags`.execute(
    t.db,
  );
  return { content: draft.content, updatedAt: draft.updated_at.toISOString(), ...rows[0]! };
}

/** The same battery cut to two modules and two languages, so each save stays cheap. */
function smallBattery(): BatteryContent {
  const full = buildReferenceBattery();
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
  return strip({
    ...full,
    modules: full.modules.filter((m) => m.key === "trust" || m.key === "interventions"),
  }) as BatteryContent;
}

describe("saving hostile drafts", () => {
  it("saves exactly the shape-checked content or changes nothing, and never throws", async () => {
    const small = smallBattery();
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: hostileImport(small) }, { weight: 1, arbitrary: oddTextDraft(small) }),
        fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileString({ huge: false }) }),
        async (text, stamp) => {
          let content: unknown;
          try {
            content = JSON.parse(text);
          } catch {
            return; // the import refuses what is not JSON before anything is saved
          }
          const before = await state();
          const result = await saveDraft(t.db, batteryId, content, stamp ?? before.updatedAt, coordinator);
          const after = await state();
          const shape = batteryShapeSchema.safeParse(content);
          if (result === "saved") {
            saved++;
            expect(shape.success).toBe(true);
            expect(after.content).toEqual(JSON.parse(JSON.stringify(shape.data)));
            expect(after.audits).toBe(before.audits + 1);
          } else {
            expect(result).toBe(shape.success ? "conflict" : "invalid");
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: runs(400), seed },
    );
    // Mutations must get past the shape check too, or the saving path was never exercised.
    if (scale >= 1) expect(saved).toBeGreaterThan(60);
  });

  it("stores every XLSForm import the importer accepts", async () => {
    const housing: Record<"survey" | "choices" | "settings", Rows> = {
      survey: surveyRows,
      choices: choiceRows,
      settings: settingsRows,
    };
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(workbookEdit, { minLength: 1, maxLength: 5 }), async (edits) => {
        const sheets = editWorkbook(housing, edits);
        const before = await state();
        const result = importXlsForm(
          buildXlsx(
            (["survey", "choices", "settings"] as const).map((name) => ({
              name,
              rows: sheets[name],
              strings: "inline" as const,
            })),
          ),
          before.content as BatteryContent,
        );
        if (!result.ok) return;
        imported++;
        expect(await saveDraft(t.db, batteryId, result.content, before.updatedAt, coordinator)).toBe("saved");
        expect((await state()).content).toEqual(JSON.parse(JSON.stringify(batteryShapeSchema.parse(result.content))));
      }),
      { numRuns: runs(100), seed: seed + 1 },
    );
    if (scale >= 1) expect(imported).toBeGreaterThan(20);
  });
});
