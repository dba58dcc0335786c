import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation, createInvitation, findInvitation, setActive } from "@/modules/ambassador/invitations";
import { verifyReferral, referralToken } from "@/modules/ambassador/referral";
import { type InterviewPayload, MAX_BATCH, syncInterviews } from "@/modules/ambassador/sync";
import { interviewCounts } from "@/modules/ambassador/queries";
import { buildBundle } from "@/modules/ambassador/bundle";
import type { Principal } from "@/lib/auth/policy";
import { demoUuid } from "@/lib/seed/demo-responses";
import { seedDatabase } from "@/lib/seed";
import { loadSurvey } from "@/modules/respondent/run";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
let amina: Principal;
let version: number;
const secret = "test-secret";
const now = new Date("2026-11-23T12:00:00Z");

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0, now: new Date("2026-11-01T10:00:00Z") });
  amina = {
    id: demoUuid("demo-user-ambassador@demo.example"),
    name: "Amina",
    email: "ambassador@demo.example",
    role: "ambassador",
    municipalityCode: null,
    ambassadorMunicipalities: ["0580", "0581"],
    ambassadorLocales: ["ar"],
    translationReviewer: false,
    active: true,
  };
  version = (await loadSurvey(t.db, "LIN580", now))!.batteryVersionId;
});
afterAll(async () => {
  await t?.drop();
});

function interview(extra: Partial<InterviewPayload> = {}): InterviewPayload {
  return {
    id: crypto.randomUUID(),
    ambassador: amina.id,
    version,
    survey: "LIN580",
    locale: "ar",
    answers: {
      "bg.gender": { kind: "choice", value: "woman" },
      "trust.respect_staff": { kind: "choice", value: "4" },
      "trust.safe_to_criticise": { kind: "choice", value: "2" },
      "health.lonely": { kind: "choice", value: "4" },
    },
    handover: ["trust.safe_to_criticise", "health.lonely"],
    record: {
      "amb.setting": { kind: "choice", value: "family" },
      "amb.note": { kind: "text", value: "Ville prata om tandvård." },
    },
    finishedAt: "2026-11-23T09:00:00.000Z",
    ...extra,
  };
}

const count = async (ids: string[]) =>
  (
    await t.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "in", ids)
      .executeTakeFirstOrThrow()
  ).n;

describe("ambassador sync", () => {
  it("stores each interview of a batch with mode, ambassador, handover and record, and a resent batch changes nothing", async () => {
    const batch = { interviews: [interview(), interview({ survey: "NOR581", locale: "fa-AF" })] };
    const first = await syncInterviews(t.db, amina, batch, { now });
    expect(first!.map((r) => r.status)).toEqual(["stored", "stored"]);
    const again = await syncInterviews(t.db, amina, batch, { now });
    expect(again!.map((r) => r.status)).toEqual(["duplicate", "duplicate"]);
    const ids = batch.interviews.map((i) => i.id);
    expect(await count(ids)).toBe(2);
    const row = await t.db.selectFrom("response").selectAll().where("id", "=", ids[0]!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      mode: "assisted",
      ambassador_id: amina.id,
      municipality_code: "0580",
      submitted_on: "2026-11-23",
    });
    expect(row.handover_questions.sort()).toEqual(["health.lonely", "trust.safe_to_criticise"]);
    expect(row.interview).toMatchObject({ "amb.setting": { kind: "choice", value: "family" } });
    const privately = await t.db
      .selectFrom("answer")
      .select("question_key")
      .where("response_id", "=", ids[0]!)
      .where("in_handover", "=", true)
      .orderBy("question_key")
      .execute();
    expect(privately.map((a) => a.question_key)).toEqual(["health.lonely", "trust.safe_to_criticise"]);
    expect(await interviewCounts(t.db, amina.id, now)).toEqual({ today: 2, thisWeek: 2 });
  });

  it("stores each interview once when a batch was cut halfway and sent again whole", async () => {
    const interviews = [interview(), interview(), interview(), interview()];
    // The connection dropped after the server had stored the first two; the device never heard back.
    await syncInterviews(t.db, amina, { interviews: interviews.slice(0, 2) }, { now });
    const resent = await syncInterviews(t.db, amina, { interviews }, { now });
    expect(resent!.map((r) => r.status)).toEqual(["duplicate", "duplicate", "stored", "stored"]);
    expect(await count(interviews.map((i) => i.id))).toBe(4);
  });

  it("refuses per interview with a reason, storing the good ones and nothing partial of the bad", async () => {
    const good = interview();
    const outcomes = await syncInterviews(
      t.db,
      amina,
      {
        interviews: [
          interview({ survey: "MOT583" }), // Motala is not Amina's
          { ...interview(), ambassadorId: "someone-else" }, // forged field
          interview({ answers: { "bg.gender": { kind: "choice", value: "robot" } }, handover: [] }),
          interview({ handover: ["bg.gender"] }), // not a sensitive question
          interview({ record: { "amb.setting": { kind: "choice", value: "nobody" } } }),
          interview({ finishedAt: "2027-01-01T00:00:00.000Z" }),
          "not an interview",
          good,
        ],
      },
      { now },
    );
    expect(outcomes!.map((o) => [o.status, o.reason])).toEqual([
      ["refused", "forbidden"],
      ["refused", "invalid"],
      ["refused", "invalid"],
      ["refused", "invalid"],
      ["refused", "invalid"],
      ["refused", "invalid"],
      ["refused", "invalid"],
      ["stored", undefined],
    ]);
    const answers = await t.db.selectFrom("answer").select("response_id").distinct().execute();
    const responses = await t.db.selectFrom("response").select("id").execute();
    expect(answers.length).toBeLessThanOrEqual(responses.length);
    expect(await count([good.id])).toBe(1);
  });

  it("takes an interview finished before its round closed, and refuses one finished after", async () => {
    await t.db
      .updateTable("survey")
      .set({ closes_at: new Date("2026-11-20T00:00:00Z") })
      .where("public_code", "=", "NOR581")
      .execute();
    const before = interview({ survey: "NOR581", finishedAt: "2026-11-19T15:00:00.000Z" });
    const after = interview({ survey: "NOR581", finishedAt: "2026-11-21T15:00:00.000Z" });
    const outcomes = await syncInterviews(t.db, amina, { interviews: [before, after] }, { now });
    expect(outcomes!.map((o) => o.reason ?? o.status)).toEqual(["stored", "survey_closed"]);
    const row = await t.db
      .selectFrom("response")
      .select("submitted_on")
      .where("id", "=", before.id)
      .executeTakeFirstOrThrow();
    expect(row.submitted_on).toBe("2026-11-19");
  });

  it("refuses every interview of a deactivated ambassador, with that reason", async () => {
    const outcomes = await syncInterviews(
      t.db,
      { ...amina, active: false },
      { interviews: [interview(), interview()] },
      { now },
    );
    expect(outcomes!.map((o) => o.reason)).toEqual(["deactivated", "deactivated"]);
  });

  it("refuses a batch that is not a list of interviews or is too long", async () => {
    expect(await syncInterviews(t.db, amina, { interviews: "x" }, { now })).toBeNull();
    expect(await syncInterviews(t.db, amina, [], { now })).toBeNull();
    expect(
      await syncInterviews(
        t.db,
        amina,
        { interviews: Array.from({ length: MAX_BATCH + 1 }, () => interview()) },
        { now },
      ),
    ).toBeNull();
  });

  it("never credits an interview to whoever is signed in: another ambassador's interview is refused and kept for its owner", async () => {
    const samira: Principal = { ...amina, id: demoUuid("someone-else@demo.example"), name: "Samira" };
    const theirs = interview();
    const outcomes = await syncInterviews(t.db, samira, { interviews: [theirs] }, { now });
    expect(outcomes!.map((o) => o.reason)).toEqual(["other_ambassador"]);
    expect(await count([theirs.id])).toBe(0);
    // Its owner sends it later: stored once, under the owner.
    expect((await syncInterviews(t.db, amina, { interviews: [theirs] }, { now }))!.map((o) => o.status)).toEqual([
      "stored",
    ]);
    const row = await t.db
      .selectFrom("response")
      .select("ambassador_id")
      .where("id", "=", theirs.id)
      .executeTakeFirstOrThrow();
    expect(row.ambassador_id).toBe(amina.id);
  });

  it("refuses an interview started on another battery version than the round's, instead of filing it under the new one", async () => {
    const stale = interview({ version: version + 1000 });
    const outcomes = await syncInterviews(t.db, amina, { interviews: [stale] }, { now });
    expect(outcomes!.map((o) => o.reason)).toEqual(["version_changed"]);
    expect(await count([stale.id])).toBe(0);
  });

  it("corrects a device clock hours off by the time the device says it sent the batch", async () => {
    // The phone's clock is 7 hours behind: it finished at its 05:30 and sent at its 06:00 (our 13:00).
    const late = interview({ finishedAt: "2026-11-23T05:30:00.000Z" });
    const outcomes = await syncInterviews(
      t.db,
      amina,
      { interviews: [late], sentAt: "2026-11-23T06:00:00.000Z" },
      { now: new Date("2026-11-23T13:00:00Z") },
    );
    expect(outcomes!.map((o) => o.status)).toEqual(["stored"]);
    const row = await t.db
      .selectFrom("response")
      .select("submitted_on")
      .where("id", "=", late.id)
      .executeTakeFirstOrThrow();
    expect(row.submitted_on).toBe("2026-11-23");
    // A clock ahead by a day is not believed beyond now.
    const ahead = interview({ finishedAt: "2026-11-24T12:00:00.000Z" });
    const r2 = await syncInterviews(t.db, amina, { interviews: [ahead], sentAt: "2026-11-24T12:05:00.000Z" }, { now });
    expect(r2!.map((o) => o.status)).toEqual(["stored"]);
    const row2 = await t.db
      .selectFrom("response")
      .select("submitted_on")
      .where("id", "=", ahead.id)
      .executeTakeFirstOrThrow();
    expect(row2.submitted_on).toBe("2026-11-23");
  });

  it("refuses a private answer recorded as spoken, and a spoken one recorded as private", async () => {
    const spokenPrivate = interview({ handover: ["trust.safe_to_criticise"] }); // health.lonely answered, not in handover
    const outcomes = await syncInterviews(
      t.db,
      amina,
      { interviews: [spokenPrivate, interview({ handover: [...interview().handover, "bg.gender"] })] },
      { now },
    );
    expect(outcomes!.map((o) => o.reason)).toEqual(["invalid", "invalid"]);
    expect(JSON.stringify(outcomes![0]!.details)).toContain("not_private");
    expect(JSON.stringify(outcomes![1]!.details)).toContain("not_sensitive");
  });

  it("bundles only the ambassador's surveys, with their batteries and texts, and no answers", async () => {
    const bundle = await buildBundle(t.db, amina, now);
    expect(bundle.surveys.map((s) => s.code).sort()).toEqual(["LIN580"]); // NOR581 was closed above
    expect(Object.keys(bundle.batteries)).toHaveLength(1);
    expect(Object.keys(bundle.texts)).toHaveLength(10);
    expect(JSON.stringify(bundle)).not.toContain("Ville prata om tandvård");
  });
});

describe("invitations", () => {
  it("creates an ambassador from a one-time link with their own password, assignments and languages", async () => {
    const created = await createInvitation(
      t.db,
      { name: "Samir", email: "samir@example.se", municipalities: ["0583"], locales: ["ar", "ckb"] },
      amina.id,
    );
    if (!("token" in created)) throw new Error("not created");
    expect(await findInvitation(t.db, created.token)).not.toBeNull();
    expect(await acceptInvitation(t.db, created.token, "a-long-password")).toBe(true);
    expect(await acceptInvitation(t.db, created.token, "a-long-password")).toBe(false);
    const user = await t.db
      .selectFrom("app_user")
      .selectAll()
      .where("email", "=", "samir@example.se")
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "ambassador", active: true });
    const ms = await t.db
      .selectFrom("ambassador_municipality")
      .select("municipality_code")
      .where("user_id", "=", user.id)
      .execute();
    expect(ms.map((m) => m.municipality_code)).toEqual(["0583"]);
    expect(
      await createInvitation(
        t.db,
        { name: "Again", email: "samir@example.se", municipalities: ["0583"], locales: ["ar"] },
        amina.id,
      ),
    ).toEqual({ error: "emailTaken" });
    expect(await setActive(t.db, user.id, false, amina.id)).toBe(true);
    const audit = await t.db.selectFrom("audit_log").select("action").where("target", "=", `user:${user.id}`).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["invitation.accepted", "user.deactivated"]));
  });

  it("signs referral tokens so they cannot be forged", () => {
    const token = referralToken(amina.id, secret);
    expect(verifyReferral(token, secret)).toBe(amina.id);
    expect(verifyReferral(token.replace(amina.id, "someone-else"), secret)).toBeNull();
    expect(verifyReferral(token, "other-secret")).toBeNull();
    expect(verifyReferral("nonsense", secret)).toBeNull();
  });
});
