/**
 * Collection rounds: the coordinator opens a survey on a published battery version for one or more
 * municipalities, with optional modules switched on or off and an open/close window; closing a round
 * stops new responses (ambassador interviews finished before the close still sync).
 */
import { recordAudit } from "@/modules/admin/audit";
import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { batteryContentSchema } from "@/lib/battery/schema";
import { clearSurvey } from "@/modules/respondent/run";

export const roundSchema = z
  .object({
    name: z.string().trim().min(3).max(120),
    versionId: z.coerce.number().int().positive(),
    municipalities: z
      .array(z.string().regex(/^\d{4}$/))
      .min(1)
      .max(13),
    disabledModules: z
      .array(z.string().regex(/^[a-z_]{1,40}$/))
      .max(20)
      .default([]),
    opensOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    closesOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .refine((r) => r.closesOn > r.opensOn, { path: ["closesOn"], message: "closes before it opens" });
export type RoundInput = z.infer<typeof roundSchema>;

// Letters and digits people do not confuse when reading a poster aloud.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function newCode(): string {
  let code = "";
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export type RoundResult =
  | { ok: true; code: string; surveyId: number }
  | { ok: false; error: "unknown_version" | "not_optional" | "unknown_municipality" };

export async function openRound(db: Db, input: RoundInput, userId: string): Promise<RoundResult> {
  const version = await db
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["v.id", "v.content", "b.region_code"])
    .where("v.id", "=", input.versionId)
    .where("b.kind", "=", "regional")
    .executeTakeFirst();
  if (!version) return { ok: false, error: "unknown_version" };
  const content = batteryContentSchema.parse(version.content);
  const optional = new Set(content.modules.filter((m) => m.optional).map((m) => m.key));
  if (input.disabledModules.some((m) => !optional.has(m))) return { ok: false, error: "not_optional" };
  const known = await db.selectFrom("municipality").select("code").where("code", "in", input.municipalities).execute();
  if (known.length !== new Set(input.municipalities).size) return { ok: false, error: "unknown_municipality" };
  // Each municipality's latest local module (its catalogue of interventions) goes with the round.
  const locals = await db
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["b.municipality_code", "v.id", "v.version"])
    .where("b.kind", "=", "local")
    .where("b.municipality_code", "in", input.municipalities)
    .orderBy("v.version", "desc")
    .execute();
  return db.transaction().execute(async (trx) => {
    let code = newCode();
    for (
      let i = 0;
      i < 5 && (await trx.selectFrom("survey").select("id").where("public_code", "=", code).executeTakeFirst());
      i++
    )
      code = newCode();
    const survey = await trx
      .insertInto("survey")
      .values({
        region_code: version.region_code,
        battery_version_id: version.id,
        name: input.name,
        public_code: code,
        // From the start of the opening day to the end of the closing day, in Swedish time.
        opens_at: sql<Date>`(${input.opensOn}::date)::timestamp at time zone 'Europe/Stockholm'`,
        closes_at: sql<Date>`((${input.closesOn}::date + 1)::timestamp at time zone 'Europe/Stockholm')`,
        disabled_modules: input.disabledModules,
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("survey_municipality")
      .values(
        [...new Set(input.municipalities)].map((m) => ({
          survey_id: survey.id,
          municipality_code: m,
          local_version_id: locals.find((l) => l.municipality_code === m)?.id ?? null,
        })),
      )
      .execute();
    await recordAudit(trx, {
      actor_id: userId,
      action: "survey.opened",
      target: `survey:${survey.id}`,
      details: { code, municipalities: input.municipalities },
    });
    return { ok: true as const, code, surveyId: survey.id };
  });
}

/** Closes a round now: no new responses from the web; interviews finished before now still sync. */
export async function closeRound(db: Db, surveyId: number, userId: string): Promise<boolean> {
  const closed = await db
    .updateTable("survey")
    .set({ closes_at: sql<Date>`greatest(now(), opens_at + interval '1 second')` })
    .where("id", "=", surveyId)
    .where("closes_at", ">", new Date())
    .returning("public_code")
    .executeTakeFirst();
  if (!closed) return false;
  clearSurvey(db, closed.public_code);
  await recordAudit(db, { actor_id: userId, action: "survey.closed", target: `survey:${surveyId}` });
  return true;
}
