/**
 * Unfinished answers, kept so a respondent can pause and resume on the same device, on the page where they
 * stopped. The device holds a random token in a cookie; the server keeps only its hash with the answers. Nothing
 * identifies anyone. Once sent, the draft and its cookie are gone: nothing on the device leads back to the answers.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Answers } from "@/lib/battery/logic";

export const draftCookie = (code: string) => `fb_s_${code}`;
export const DRAFT_DAYS = 30;

function hashToken(token: string): string {
  return createHash("sha256").update(`draft:${token}`).digest("hex");
}

/** Where a respondent continues: a module's key, or the send page. */
export const SEND_PAGE = "send";

export type Draft = {
  responseId: string;
  answers: Answers;
  municipality: string | null;
  locale: string;
  referredBy: string | null;
  /** The page they were sent to last (a module key or SEND_PAGE), null before the first page was saved. */
  atPage: string | null;
};

export async function createDraft(
  db: Db,
  input: { surveyId: number; locale: string; municipality: string | null; referredBy?: string | null },
): Promise<{ token: string; responseId: string }> {
  const token = randomBytes(24).toString("base64url");
  const responseId = randomUUID();
  await db
    .insertInto("response_draft")
    .values({
      token_hash: hashToken(token),
      survey_id: input.surveyId,
      response_id: responseId,
      municipality_code: input.municipality,
      locale: input.locale,
      referred_by: input.referredBy ?? null,
    })
    .execute();
  return { token, responseId };
}

export async function loadDraft(db: Db, token: string | undefined, surveyId: number): Promise<Draft | null> {
  if (!token || token.length > 64) return null;
  const row = await db
    .selectFrom("response_draft")
    .select(["response_id", "answers", "municipality_code", "locale", "referred_by", "at_page"])
    .where("token_hash", "=", hashToken(token))
    .where("survey_id", "=", surveyId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    responseId: row.response_id,
    answers: row.answers as Answers,
    municipality: row.municipality_code,
    locale: row.locale,
    referredBy: row.referred_by,
    atPage: row.at_page,
  };
}

export async function saveDraft(
  db: Db,
  token: string,
  update: { answers: Answers; municipality: string | null; locale: string; atPage: string | null },
): Promise<void> {
  await db
    .updateTable("response_draft")
    .set({
      answers: JSON.stringify(update.answers),
      municipality_code: update.municipality,
      locale: update.locale,
      at_page: update.atPage?.slice(0, 80) ?? null,
      updated_on: new Date().toISOString().slice(0, 10),
    })
    .where("token_hash", "=", hashToken(token))
    .execute();
}

export async function deleteDraft(db: Db, token: string): Promise<void> {
  await db.deleteFrom("response_draft").where("token_hash", "=", hashToken(token)).execute();
}

/** Drafts nobody has touched for DRAFT_DAYS are deleted (run by the retention job). */
export async function deleteStaleDrafts(db: Db): Promise<number> {
  const cutoff = new Date(Date.now() - DRAFT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const r = await db.deleteFrom("response_draft").where("updated_on", "<", cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
