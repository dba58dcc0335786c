import { getDb } from "@/lib/db";
import { databaseUnavailableResponse, logDatabaseError } from "@/lib/server/db-unavailable";
import { readJsonBody } from "@/lib/server/json-body";
import { serverSecret } from "@/lib/server/secret";
import { responsePayloadSchema } from "@/lib/survey/payload";
import { submitResponse } from "@/lib/survey/submit";

const MAX_BODY_BYTES = 256 * 1024;

/**
 * The public submit path for a whole response as JSON (used by API clients and the tests; the form flow
 * calls the same submitResponse). 201 created, 200 already stored, 400/404/409/410 with a reason, 503 when
 * the database is away. Respondents never sign in, so there is no role to check here.
 */
export async function POST(request: Request): Promise<Response> {
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const parsed = responsePayloadSchema.safeParse(read.body);
  if (!parsed.success) {
    return Response.json({ error: "invalid_payload", issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message })) }, { status: 400 });
  }
  try {
    const result = await submitResponse(getDb(), parsed.data, { secret: serverSecret() });
    if (result.ok) return Response.json({ id: result.responseId, status: result.status, receipt: result.receipt }, { status: result.status === "created" ? 201 : 200 });
    return Response.json(result, { status: result.status });
  } catch (err) {
    logDatabaseError("[api/responses] submit", err);
    return databaseUnavailableResponse();
  }
}
