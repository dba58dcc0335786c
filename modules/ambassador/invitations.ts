/** Inviting ambassadors: a one-time link (only its hash is kept), accepted by choosing a password. */
import { recordAudit } from "@/modules/admin/audit";
import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { sql } from "kysely";
import type { Db } from "@/lib/db";
import { EMPTY, protectCount, type Rules } from "@/lib/disclosure/figure";
import { locales } from "@/lib/i18n/locales";

export const INVITE_DAYS = 14;
const hash = (token: string) => createHash("sha256").update(`invite:${token}`).digest("hex");

export const inviteSchema = z.object({
  name: z.string().trim().min(2).max(120),
  email: z.string().trim().toLowerCase().email().max(254),
  municipalities: z
    .array(z.string().regex(/^\d{4}$/))
    .min(1)
    .max(13),
  locales: z.array(z.enum(locales)).min(1).max(10),
});

export const acceptSchema = z.object({ password: z.string().min(10).max(200), confirm: z.string() });

export async function createInvitation(
  db: Db,
  input: z.infer<typeof inviteSchema>,
  createdBy: string,
): Promise<{ token: string } | { error: "emailTaken" }> {
  const taken = await db.selectFrom("app_user").select("id").where("email", "=", input.email).executeTakeFirst();
  if (taken) return { error: "emailTaken" };
  const token = randomBytes(24).toString("base64url");
  await db
    .insertInto("invitation")
    .values({
      token_hash: hash(token),
      email: input.email,
      name: input.name,
      role: "ambassador",
      municipality_codes: input.municipalities,
      locales: input.locales,
      expires_at: new Date(Date.now() + INVITE_DAYS * 86_400_000),
      created_by: createdBy,
    })
    .execute();
  return { token };
}

export async function findInvitation(db: Db, token: string) {
  if (!token || token.length > 64) return null;
  return (
    (await db
      .selectFrom("invitation")
      .selectAll()
      .where("token_hash", "=", hash(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .executeTakeFirst()) ?? null
  );
}

/** Creates the ambassador with their assignments and password, and uses up the invitation — all or nothing. */
export async function acceptInvitation(db: Db, token: string, password: string): Promise<boolean> {
  const invitation = await findInvitation(db, token);
  if (!invitation) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable("invitation")
      .set({ used_at: new Date() })
      .where("id", "=", invitation.id)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return false;
    const taken = await trx
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", invitation.email)
      .executeTakeFirst();
    if (taken) return false;
    const id = crypto.randomUUID();
    await trx
      .insertInto("app_user")
      .values({
        id,
        name: invitation.name,
        email: invitation.email,
        email_verified: true,
        role: "ambassador",
        municipality_code: null,
      })
      .execute();
    await trx
      .insertInto("auth_account")
      .values({
        id: crypto.randomUUID(),
        user_id: id,
        account_id: id,
        provider_id: "credential",
        password: passwordHash,
      })
      .execute();
    await trx
      .insertInto("ambassador_municipality")
      .values(invitation.municipality_codes.map((m) => ({ user_id: id, municipality_code: m })))
      .execute();
    await trx
      .insertInto("ambassador_language")
      .values(invitation.locales.map((l) => ({ user_id: id, locale: l })))
      .execute();
    await recordAudit(trx, {
      actor_id: id,
      action: "invitation.accepted",
      target: `user:${id}`,
      details: { invitation: invitation.id },
    });
    return true;
  });
}

export async function setActive(db: Db, userId: string, active: boolean, actorId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("app_user")
      .set({ active, updated_at: new Date() })
      .where("id", "=", userId)
      .where("role", "=", "ambassador")
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await recordAudit(trx, {
      actor_id: actorId,
      action: active ? "user.reactivated" : "user.deactivated",
      target: `user:${userId}`,
    });
    return true;
  });
}

/** Lets an ambassador review translations in their assigned languages, or stops it. */
export async function setTranslationReviewer(
  db: Db,
  userId: string,
  reviewer: boolean,
  actorId: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("app_user")
      .set({ translation_reviewer: reviewer, updated_at: new Date() })
      .where("id", "=", userId)
      .where("role", "=", "ambassador")
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await recordAudit(trx, {
      actor_id: actorId,
      action: reviewer ? "user.reviewer.granted" : "user.reviewer.revoked",
      target: `user:${userId}`,
    });
    return true;
  });
}

/** The ambassadors with their published interviews, a protected figure like every count the coordinator sees. */
export async function listAmbassadors(db: Db, r: Rules) {
  const users = await db
    .selectFrom("app_user")
    .select(["id", "name", "email", "active", "translation_reviewer"])
    .where("role", "=", "ambassador")
    .orderBy("name")
    .execute();
  const [ms, ls, counts] = await Promise.all([
    db.selectFrom("ambassador_municipality").select(["user_id", "municipality_code"]).execute(),
    db.selectFrom("ambassador_language").select(["user_id", "locale"]).execute(),
    sql<{ ambassador_id: string; n: number; key: number }>`
      select ambassador_id, count(*)::float8 as n, (sum(record_key) % 4294967296)::float8 as key
      from response where mode = 'assisted' and published_on is not null group by 1`.execute(db),
  ]);
  return users.map((u) => {
    const c = counts.rows.find((x) => x.ambassador_id === u.id);
    return {
      ...u,
      municipalities: ms.filter((m) => m.user_id === u.id).map((m) => m.municipality_code),
      locales: ls.filter((l) => l.user_id === u.id).map((l) => l.locale),
      interviews: protectCount(c ? { n: c.n, key: c.key } : EMPTY, r),
    };
  });
}
