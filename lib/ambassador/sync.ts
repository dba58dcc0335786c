/**
 * Ambassador sync: interviews finished on a device (often offline) arrive in batches. Each interview is
 * checked and stored on its own, exactly once (its id was made on the device), and answered on its own, so
 * one bad interview never blocks the rest. An ambassador can only sync into surveys of their municipalities.
 */
import { z } from "zod";
import type { Db } from "@/lib/db";
import { answerValueSchema } from "@/lib/battery/schema";
import type { Principal } from "@/lib/auth/policy";
import { inScope } from "@/lib/auth/policy";
import { responsePayloadSchema } from "@/lib/survey/payload";
import { loadSurvey, municipalityOf } from "@/lib/survey/run";
import { submitResponse } from "@/lib/survey/submit";

export const MAX_BATCH = 50;

export const interviewSchema = responsePayloadSchema
  .extend({
    /** Slots answered by the respondent alone. */
    handover: z.array(z.string().max(120)).max(60),
    /** The ambassador's record: amb.setting, amb.place, amb.read_aloud, amb.note. */
    record: z.record(z.string().regex(/^amb\.[a-z_]+$/), answerValueSchema).refine((r) => Object.keys(r).length <= 10),
    finishedAt: z.iso.datetime(),
  })
  .strict();
export type InterviewPayload = z.infer<typeof interviewSchema>;

export type SyncOutcome = {
  id: string | null;
  status: "stored" | "duplicate" | "refused";
  reason?: "invalid" | "forbidden" | "survey_closed" | "unknown_survey" | "conflict" | "deactivated" | "too_late";
  details?: unknown;
};

/** Checks the batch's shape: an array of at most MAX_BATCH interviews, each parsed on its own. */
export function splitBatch(body: unknown): { items: { raw: unknown; parsed: InterviewPayload | null; issues?: unknown }[] } | null {
  if (!body || typeof body !== "object" || !Array.isArray((body as { interviews?: unknown }).interviews)) return null;
  const interviews = (body as { interviews: unknown[] }).interviews;
  if (interviews.length > MAX_BATCH) return null;
  return {
    items: interviews.map((raw) => {
      const parsed = interviewSchema.safeParse(raw);
      return parsed.success
        ? { raw, parsed: parsed.data }
        : { raw, parsed: null, issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
    }),
  };
}

function idOf(raw: unknown): string | null {
  const id = raw && typeof raw === "object" ? (raw as { id?: unknown }).id : null;
  return typeof id === "string" && id.length <= 64 ? id : null;
}

export async function syncInterviews(db: Db, principal: Principal, body: unknown, options: { secret: string; now?: Date }): Promise<SyncOutcome[] | null> {
  const batch = splitBatch(body);
  if (!batch) return null;
  const now = options.now ?? new Date();
  const outcomes: SyncOutcome[] = [];
  for (const item of batch.items) {
    const id = idOf(item.raw);
    if (!principal.active) {
      outcomes.push({ id, status: "refused", reason: "deactivated" });
      continue;
    }
    if (!item.parsed) {
      outcomes.push({ id, status: "refused", reason: "invalid", details: item.issues });
      continue;
    }
    const interview = item.parsed;
    const finishedAt = new Date(interview.finishedAt);
    // A device clock a little ahead is fine; an interview "finished" tomorrow is not.
    if (finishedAt.getTime() > now.getTime() + 36 * 3_600_000) {
      outcomes.push({ id, status: "refused", reason: "invalid", details: "finishedAt is in the future" });
      continue;
    }
    const run = await loadSurvey(db, interview.survey, now);
    if (!run) {
      outcomes.push({ id, status: "refused", reason: "unknown_survey" });
      continue;
    }
    const municipality = municipalityOf(run, interview.municipality ?? (interview.answers["bg.municipality"]?.kind === "choice" ? interview.answers["bg.municipality"].value : null));
    const allowed = municipality ? inScope(principal, municipality) : run.municipalities.some((m) => inScope(principal, m.code));
    if (!allowed) {
      outcomes.push({ id, status: "refused", reason: "forbidden" });
      continue;
    }
    const { handover, record } = interview;
    const payload = { id: interview.id, survey: interview.survey, locale: interview.locale, municipality: interview.municipality, answers: interview.answers };
    const result = await submitResponse(db, payload, {
      secret: options.secret,
      now,
      finishedAt,
      collection: { mode: "assisted", ambassadorId: principal.id, record, handover },
    });
    if (result.ok) outcomes.push({ id, status: result.status === "created" ? "stored" : "duplicate" });
    else if (result.status === 410) outcomes.push({ id, status: "refused", reason: "survey_closed" });
    else if (result.status === 409) outcomes.push({ id, status: "refused", reason: "conflict" });
    else if (result.status === 404) outcomes.push({ id, status: "refused", reason: "unknown_survey" });
    else outcomes.push({ id, status: "refused", reason: "invalid", details: "problems" in result ? result.problems : result.error });
  }
  return outcomes;
}
