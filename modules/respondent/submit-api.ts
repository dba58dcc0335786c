/**
 * POST /api/responses: a whole response as JSON, for API clients (the form flow calls the same submitResponse).
 * 201 created (with the receipt code, shown once), 200 already stored (no code), 400/404/409/410 with a reason, 503 while the database is away. Respondents
 * never sign in, so there is no role to check. Served by app/api/responses/route.ts.
 */
import type { Db } from "@/lib/db";
import { DATABASE_UNAVAILABLE, logDatabaseError } from "@/lib/server/db-unavailable";
import { responsePayloadSchema } from "./payload";
import { submitResponse } from "./submit";

export type JsonAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export const SUBMIT_MAX_BODY_BYTES = 256 * 1024;

export async function answerSubmission(db: Db, body: unknown): Promise<JsonAnswer> {
  const parsed = responsePayloadSchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: "invalid_payload",
        issues: parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      },
    };
  }
  try {
    const result = await submitResponse(db, parsed.data);
    // The receipt only in the answer that stored it: sent again, the response is acknowledged without one.
    if (result.ok)
      return result.status === "created"
        ? { status: 201, body: { id: result.responseId, status: result.status, receipt: result.receipt } }
        : { status: 200, body: { id: result.responseId, status: result.status } };
    return { status: result.status, body: result };
  } catch (err) {
    logDatabaseError("[api/responses] submit", err);
    return DATABASE_UNAVAILABLE;
  }
}
