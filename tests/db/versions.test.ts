import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestVersion, loadDraft, newDraft, publishDraft, saveDraft } from "@/modules/authoring/versions";
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
  batteryId = (await t.db.selectFrom("battery").select("id").where("kind", "=", "regional").executeTakeFirstOrThrow())
    .id;
});
afterAll(async () => {
  await t?.drop();
});

const stamp = (d: Date) => d.toISOString();

describe("battery drafts and versions", () => {
  it("starts a draft from the latest version, refuses a concurrent save, and publishes the next version", async () => {
    await newDraft(t.db, batteryId, coordinator);
    const draft = (await loadDraft(t.db, batteryId))!;
    expect(draft.based_on_version).toBe(1);
    const content = batteryContentSchema.parse(draft.content);
    content.modules[0]!.questions[1]!.text.sv = "Hur länge har du bott i Sverige nu?";
    expect(await saveDraft(t.db, batteryId, content, stamp(draft.updated_at), coordinator)).toBe("saved");
    // A second editor who loaded the same draft cannot overwrite the first one's save.
    expect(await saveDraft(t.db, batteryId, content, stamp(draft.updated_at), coordinator)).toBe("conflict");
    expect(
      await saveDraft(
        t.db,
        batteryId,
        { title: "broken" },
        stamp((await loadDraft(t.db, batteryId))!.updated_at),
        coordinator,
      ),
    ).toBe("invalid");
    const published = await publishDraft(t.db, batteryId, coordinator);
    expect(published).toEqual({ ok: true, version: 2 });
    const v2 = (await latestVersion(t.db, batteryId))!;
    expect(batteryContentSchema.parse(v2.content).modules[0]!.questions[1]!.text.sv).toBe(
      "Hur länge har du bott i Sverige nu?",
    );
    expect(await loadDraft(t.db, batteryId)).toBeUndefined();
  });

  it("refuses to publish a draft with a dangling showIf or a duplicate key, and publishes nothing", async () => {
    await newDraft(t.db, batteryId, coordinator);
    const draft = (await loadDraft(t.db, batteryId))!;
    const content = batteryContentSchema.parse(draft.content);
    content.modules[1]!.questions[0]!.showIf = { question: "no.such_question", op: "is", values: ["x"] };
    content.modules[2]!.questions[0]!.key = content.modules[0]!.questions[1]!.key;
    expect(await saveDraft(t.db, batteryId, content, stamp(draft.updated_at), coordinator)).toBe("saved");
    const result = await publishDraft(t.db, batteryId, coordinator);
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error();
    expect(result.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        `showIf refers to "no.such_question", which is not an earlier question`,
        `Question key "bg.time_in_sweden" is used twice`,
      ]),
    );
    expect((await latestVersion(t.db, batteryId))!.version).toBe(2);
  });
});
