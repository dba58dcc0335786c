import { getDb } from "@/lib/db";
import { readJsonBody } from "@/lib/server/json-body";
import { answerSubmission, SUBMIT_MAX_BODY_BYTES } from "@/lib/survey/submit-api";

/**
 * POST /api/responses as a Next.js route handler: what serves it under a plain `next start` or the standalone
 * server. Behind our HTTP layer (scripts/run.ts) the same answerSubmission answers it first, ahead of Next.js
 * (lib/server/direct-routes.ts, for speed); both give the same answers. Respondents never sign in: no role to check.
 */
export async function POST(request: Request): Promise<Response> {
  const read = await readJsonBody(request, SUBMIT_MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const answer = await answerSubmission(getDb(), read.body);
  return Response.json(answer.body, {
    status: answer.status,
    headers: { "cache-control": "no-store", ...answer.headers },
  });
}
