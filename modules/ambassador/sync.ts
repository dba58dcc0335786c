/**
 * Ambassador sync: interviews finished on a device (often offline) arrive in batches. Each interview is
 * checked and stored on its own, exactly once (its id was made on the device), and answered on its own, so
 * one bad interview never blocks the rest. An interview is stored under exactly what it was started with: its
 * survey, municipality and battery version, and the ambassador who recorded it, who must be the one signed in.
 * An ambassador can only sync into surveys of their municipalities.
 */
import { count } from "@/lib/observability/metrics";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { answerValueSchema } from "@/lib/battery/schema";
import { chosenMunicipality } from "@/lib/battery/logic";
import type { Principal } from "@/lib/auth/policy";
import { inScope } from "@/lib/auth/policy";
import { responsePayloadSchema } from "@/modules/respondent/payload";
import { loadSurvey, municipalityOf } from "@/modules/respondent/run";
import { submitResponse } from "@/modules/respondent/submit";

export const MAX_BATCH = 50;

export const interviewSchema = responsePayloadSchema
  .extend({
    /** The ambassador who recorded it (the device keeps one queue per ambassador). */
    ambassador: z.string().min(1).max(64),
    /** The battery version it was started on. */
    version: z.number().int().positive(),
    /** Slots answered by the respondent alone. */
    handover: z.array(z.string().max(120)).max(60),
    /** The ambassador's record: amb.setting, amb.place, amb.read_aloud, amb.note. */
    record: z.record(z.string().regex(/^amb\.[a-z_]+$/), answerValueSchema).refine((r) => Object.keys(r).length <= 10),
    /** By the device's clock, which may be off: corrected with `sentAt` (see deviceTime). */
    finishedAt: z.iso.datetime(),
  })
  .strict();
export type InterviewPayload = z.infer<typeof interviewSchema>;

export type SyncOutcome = {
  id: string | null;
  status: "stored" | "duplicate" | "refused";
  reason?:
    | "invalid"
    | "forbidden"
    | "survey_closed"
    | "unknown_survey"
    | "conflict"
    | "deactivated"
    | "too_late"
    | "other_ambassador"
    | "version_changed";
  details?: unknown;
};

/** Checks the batch's shape: an array of at most MAX_BATCH interviews, each parsed on its own, and the device's clock. */
export function splitBatch(
  body: unknown,
): { sentAt: Date | null; items: { raw: unknown; parsed: InterviewPayload | null; issues?: unknown }[] } | null {
  if (!body || typeof body !== "object" || !Array.isArray((body as { interviews?: unknown }).interviews)) return null;
  const interviews = (body as { interviews: unknown[] }).interviews;
  if (interviews.length > MAX_BATCH) return null;
  const sentAt = z.iso.datetime().safeParse((body as { sentAt?: unknown }).sentAt);
  if ((body as { sentAt?: unknown }).sentAt !== undefined && !sentAt.success) return null;
  return {
    sentAt: sentAt.success ? new Date(sentAt.data) : null,
    items: interviews.map((raw) => {
      const parsed = interviewSchema.safeParse(raw);
      return parsed.success
        ? { raw, parsed: parsed.data }
        : {
            raw,
            parsed: null,
            issues: parsed.error.issues
              .slice(0, 5)
              .map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
          };
    }),
  };
}

function idOf(raw: unknown): string | null {
  const id = raw && typeof raw === "object" ? (raw as { id?: unknown }).id : null;
  return typeof id === "string" && id.length <= 64 ? id : null;
}

/**
 * When an interview was finished, on the server's clock. A phone's clock can be hours off (set by hand, no network
 * time); the device says what its clock read when it sent the batch, and the difference to ours corrects every time
 * it recorded. Never later than now.
 */
export function deviceTime(recorded: Date, sentAt: Date | null, now: Date): Date {
  const corrected = sentAt ? new Date(recorded.getTime() + (now.getTime() - sentAt.getTime())) : recorded;
  return corrected > now ? now : corrected;
}

export async function syncInterviews(
  db: Db,
  principal: Principal,
  body: unknown,
  options: { now?: Date } = {},
): Promise<SyncOutcome[] | null> {
  const batch = splitBatch(body);
  if (!batch) return null;
  count("sync_batches_total");
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
    // Another ambassador's interview is never credited to whoever is signed in: the device keeps it for its owner.
    if (interview.ambassador !== principal.id) {
      outcomes.push({ id, status: "refused", reason: "other_ambassador" });
      continue;
    }
    const recorded = new Date(interview.finishedAt);
    // Without the device's clock to correct by, a time far ahead of ours is not believed.
    if (!batch.sentAt && recorded.getTime() > now.getTime() + 36 * 3_600_000) {
      outcomes.push({ id, status: "refused", reason: "invalid", details: "finishedAt is in the future" });
      continue;
    }
    const finishedAt = deviceTime(recorded, batch.sentAt, now);
    const run = await loadSurvey(db, interview.survey, now);
    if (!run) {
      outcomes.push({ id, status: "refused", reason: "unknown_survey" });
      continue;
    }
    // A round's version never changes once it is open; an interview on another version is not this round's.
    if (run.batteryVersionId !== interview.version) {
      outcomes.push({ id, status: "refused", reason: "version_changed" });
      continue;
    }
    const municipality = municipalityOf(
      run,
      interview.municipality ?? chosenMunicipality(run.content, interview.answers),
    );
    const allowed = municipality
      ? inScope(principal, municipality)
      : run.municipalities.some((m) => inScope(principal, m.code));
    if (!allowed) {
      outcomes.push({ id, status: "refused", reason: "forbidden" });
      continue;
    }
    const { handover, record } = interview;
    const payload = {
      id: interview.id,
      survey: interview.survey,
      locale: interview.locale,
      municipality: interview.municipality,
      answers: interview.answers,
    };
    const result = await submitResponse(db, payload, {
      now,
      finishedAt,
      collection: { mode: "assisted", ambassadorId: principal.id, record, handover },
    });
    if (result.ok) outcomes.push({ id, status: result.status === "created" ? "stored" : "duplicate" });
    else if (result.status === 410) outcomes.push({ id, status: "refused", reason: "survey_closed" });
    else if (result.status === 409) outcomes.push({ id, status: "refused", reason: "conflict" });
    else if (result.status === 404) outcomes.push({ id, status: "refused", reason: "unknown_survey" });
    else
      outcomes.push({
        id,
        status: "refused",
        reason: "invalid",
        details: "problems" in result ? result.problems : result.error,
      });
  }
  return outcomes;
}
