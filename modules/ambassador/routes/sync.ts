import { requireRoute } from "@/lib/auth/guard";
import { syncInterviews } from "@/modules/ambassador/sync";
import { getDb } from "@/lib/db";
import { databaseUnavailableResponse, isDatabaseUnavailable, logDatabaseError } from "@/lib/server/db-unavailable";
import { readJsonBody } from "@/lib/server/json-body";
import { routeLimitRefusal } from "@/lib/server/route-limit";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Interviews from an ambassador's device: answered per interview (stored, duplicate or refused with a reason). */
export async function POST(request: Request): Promise<Response> {
  const limited = await routeLimitRefusal(request, "/api/ambassador/sync");
  if (limited) return limited;
  // The session lookup reads the database too: while it is away the device must hear "try again" (503), not 401/500.
  let principal: Awaited<ReturnType<typeof requireRoute>>;
  try {
    principal = await requireRoute({ roles: ["ambassador"] }, { allowInactive: true });
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    logDatabaseError("[api/ambassador/sync] session", err);
    return databaseUnavailableResponse();
  }
  if (principal instanceof Response) return principal;
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  try {
    const results = await syncInterviews(getDb(), principal, read.body);
    if (!results) return Response.json({ error: "invalid_batch" }, { status: 400 });
    return Response.json({ results }, { status: principal.active ? 200 : 403 });
  } catch (err) {
    logDatabaseError("[api/ambassador/sync]", err);
    return databaseUnavailableResponse();
  }
}
