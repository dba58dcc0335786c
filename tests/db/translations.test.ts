import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageCounts, saveTranslations, translationRows } from "@/modules/authoring/translations";
import { loadDraft, newDraft, publishDraft, regionalBatteryId, saveDraft } from "@/modules/authoring/versions";
import { ensureLocalDraft, loadLocalModule, localBatteryId, saveLocalModule } from "@/modules/authoring/local-modules";
import { batteryContentSchema } from "@/lib/battery/schema";
import { demoUuid } from "@/lib/seed/demo-responses";
import { seedDatabase } from "@/lib/seed";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
let batteryId: number;
const coordinator = demoUuid("demo-user-coordinator@demo.example");

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0 });
  batteryId = await regionalBatteryId(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const rowOf = async (id: string, lang: "ar" | "ti" = "ar") =>
  (await translationRows(t.db, batteryId, lang))!.rows.find((r) => r.id === id)!;

describe("translations and their review status", () => {
  it("flags the translations of a reworded Swedish text as needing review, and only those", async () => {
    await newDraft(t.db, batteryId, coordinator);
    const draft = (await loadDraft(t.db, batteryId))!;
    const content = batteryContentSchema.parse(draft.content);
    const question = content.modules[0]!.questions[1]!;
    expect((await rowOf(`question:${question.key}`)).state).toBe("draft");
    const before = (await languageCounts(t.db, batteryId))!.ar;
    question.text.sv = `${question.text.sv} (omformulerad)`;
    expect(await saveDraft(t.db, batteryId, content, draft.updated_at.toISOString(), coordinator)).toBe("saved");
    expect((await rowOf(`question:${question.key}`)).state).toBe("needs_review");
    expect((await rowOf(`question:${question.key}`, "ti")).state).toBe("needs_review");
    expect((await rowOf(`question:${content.modules[0]!.questions[0]!.key}`)).state).toBe("draft");
    const after = (await languageCounts(t.db, batteryId))!.ar;
    expect(after.needsReview).toBe(before.needsReview + 1);
    expect(after.total).toBe(before.total);
  });

  it("saves a reviewer's translation and approval into the draft, pinned to the current source", async () => {
    const key = batteryContentSchema.parse((await loadDraft(t.db, batteryId))!.content).modules[0]!.questions[1]!.key;
    const id = `question:${key}`;
    const result = await saveTranslations(
      t.db,
      batteryId,
      "ar",
      [{ id, value: "كم من الوقت عشت في السويد؟", reviewed: true }],
      coordinator,
    );
    expect(result).toEqual({ ok: true, changed: 1, reviewed: 1 });
    const row = await rowOf(id);
    expect(row).toMatchObject({ state: "reviewed", target: "كم من الوقت عشت في السويد؟" });
    // Saving the same page again changes nothing.
    expect(
      await saveTranslations(t.db, batteryId, "ar", [{ id, value: row.target, reviewed: true }], coordinator),
    ).toEqual({ ok: true, changed: 0, reviewed: 0 });
    // Clearing the text makes it missing again.
    await saveTranslations(t.db, batteryId, "ar", [{ id, value: " ", reviewed: false }], coordinator);
    expect((await rowOf(id)).state).toBe("missing");
  });

  it("refuses an unknown text id and changes nothing", async () => {
    const before = (await loadDraft(t.db, batteryId))!;
    expect(
      await saveTranslations(
        t.db,
        batteryId,
        "ar",
        [{ id: "question:bg.nope", value: "x", reviewed: true }],
        coordinator,
      ),
    ).toEqual({ ok: false, error: "unknown_text" });
    const after = (await loadDraft(t.db, batteryId))!;
    expect(after.updated_at.getTime()).toBe(before.updated_at.getTime());
  });

  it("keeps review status across publishing", async () => {
    const key = batteryContentSchema.parse((await loadDraft(t.db, batteryId))!.content).modules[0]!.questions[0]!.key;
    await saveTranslations(
      t.db,
      batteryId,
      "ar",
      [{ id: `question:${key}`, value: (await rowOf(`question:${key}`)).target, reviewed: true }],
      coordinator,
    );
    const published = await publishDraft(t.db, batteryId, coordinator);
    expect(published.ok).toBe(true);
    const view = (await translationRows(t.db, batteryId, "ar"))!;
    expect(view.fromDraft).toBe(false);
    expect(view.rows.find((r) => r.id === `question:${key}`)!.state).toBe("reviewed");
  });
});

describe("local modules", () => {
  it("writes nothing for a refused save: no draft is started for content that is not a local module", async () => {
    const id = await localBatteryId(t.db, "0581");
    const drafts = async () =>
      (await t.db.selectFrom("battery_draft").select("battery_id").where("battery_id", "=", id).execute()).length;
    const audits = async () => (await t.db.selectFrom("audit_log").select("id").execute()).length;
    expect(await drafts()).toBe(0);
    const auditBefore = await audits();
    for (const garbage of [null, "text", { catalogue: "many" }, { catalogue: [{ key: 3 }] }, [1, 2]]) {
      expect(await saveLocalModule(t.db, { batteryId: id, content: garbage, loadedAt: "", userId: coordinator })).toBe(
        "invalid",
      );
    }
    expect(await drafts()).toBe(0);
    expect(await audits()).toBe(auditBefore);
    // A good save starts the draft and keeps the content.
    const view = await loadLocalModule(t.db, "0581");
    expect(
      await saveLocalModule(t.db, { batteryId: id, content: view.content, loadedAt: "", userId: coordinator }),
    ).toBe("saved");
    expect(await drafts()).toBe(1);
  });

  it("versions a municipality's catalogue like the battery and refuses a duplicate key at publishing", async () => {
    const view = await loadLocalModule(t.db, "0580");
    expect(view.publishedVersion).toBe(1);
    expect(view.loadedAt).toBe("");
    const id = await localBatteryId(t.db, "0580");
    const loadedAt = await ensureLocalDraft(t.db, id, coordinator);
    const content = {
      ...view.content,
      catalogue: [...view.content.catalogue, { key: "sfi_extra", label: { sv: "Extra SFI", ar: "دروس إضافية" } }],
    };
    expect(await saveDraft(t.db, id, content, loadedAt, coordinator)).toBe("saved");
    expect(await publishDraft(t.db, id, coordinator)).toEqual({ ok: true, version: 2 });
    const again = await ensureLocalDraft(t.db, id, coordinator);
    const dup = { ...content, catalogue: [...content.catalogue, { key: "sfi_extra", label: { sv: "Dubblett" } }] };
    expect(await saveDraft(t.db, id, dup, again, coordinator)).toBe("saved");
    const refused = await publishDraft(t.db, id, coordinator);
    expect(refused).toEqual({
      ok: false,
      problems: [
        {
          path: "catalogue.sfi_extra",
          message: 'Intervention key "sfi_extra" is used twice',
          code: "catalogueKeyDup",
          params: { key: "sfi_extra" },
        },
      ],
    });
    expect((await loadLocalModule(t.db, "0580")).publishedVersion).toBe(2);
    // An empty catalogue is not even a savable shape.
    expect(
      await saveDraft(
        t.db,
        id,
        { catalogue: [], questions: [] },
        (await loadDraft(t.db, id))!.updated_at.toISOString(),
        coordinator,
      ),
    ).toBe("invalid");
  });
});
