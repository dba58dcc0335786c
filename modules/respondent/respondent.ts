/** What a respondent's page needs: the survey and this device's draft. Nothing on the device leads to a sent response. */
import { cookies } from "next/headers";
import { getDb } from "@/lib/db";
import { draftCookie, loadDraft } from "./draft";
import { surveyCodeSchema } from "./payload";
import { loadSurvey } from "./run";

export async function respondentState(rawCode: string) {
  let decoded = rawCode;
  try {
    decoded = decodeURIComponent(rawCode);
  } catch {
    // A stray "%" in the link: not a code, answered as an unknown survey below.
  }
  const parsed = surveyCodeSchema.safeParse(decoded);
  if (!parsed.success) return { code: rawCode, run: null, draft: null } as const;
  const code = parsed.data;
  const db = getDb();
  const run = await loadSurvey(db, code);
  if (!run) return { code, run: null, draft: null } as const;
  const jar = await cookies();
  const draft = await loadDraft(db, jar.get(draftCookie(code))?.value, run.id);
  return { code, run, draft } as const;
}
