/** What a respondent's page needs: the survey, this device's draft, and whether it already sent a response. */
import { cookies } from "next/headers";
import { getDb } from "@/lib/db";
import { doneCookie, draftCookie, loadDraft } from "./draft";
import { surveyCodeSchema } from "./payload";
import { loadSurvey } from "./run";

export async function respondentState(rawCode: string) {
  const parsed = surveyCodeSchema.safeParse(decodeURIComponent(rawCode));
  if (!parsed.success) return { code: rawCode, run: null, draft: null, doneId: null } as const;
  const code = parsed.data;
  const db = getDb();
  const run = await loadSurvey(db, code);
  if (!run) return { code, run: null, draft: null, doneId: null } as const;
  const jar = await cookies();
  const draft = await loadDraft(db, jar.get(draftCookie(code))?.value, run.id);
  const doneId = jar.get(doneCookie(code))?.value ?? null;
  return { code, run, draft, doneId } as const;
}

export async function responseExists(id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return !!(await getDb().selectFrom("response").select("id").where("id", "=", id).executeTakeFirst());
}
