import { getDb } from "@/lib/db";
import { readJsonBody } from "@/lib/server/json-body";
import { routeLimitRefusal } from "@/lib/server/route-limit";
import { answerSubmission, SUBMIT_MAX_BODY_BYTES } from "@/modules/respondent/submit-api";

/** POST /api/responses (modules/respondent/submit-api.ts). Respondents never sign in: no role to check. */
export async function POST(request: Request): Promise<Response> {
  const limited = await routeLimitRefusal(request, "/api/responses");
  if (limited) return limited;
  const read = await readJsonBody(request, SUBMIT_MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const answer = await answerSubmission(getDb(), read.body);
  return Response.json(answer.body, {
    status: answer.status,
    headers: { "cache-control": "no-store", ...answer.headers },
  });
}
