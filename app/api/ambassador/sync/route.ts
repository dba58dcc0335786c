import { requireRoute } from "@/lib/auth/guard";
import { syncInterviews } from "@/lib/ambassador/sync";
import { getDb } from "@/lib/db";
import { readJsonBody } from "@/lib/server/json-body";
import { serverSecret } from "@/lib/server/secret";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Interviews from an ambassador's device: answered per interview (stored, duplicate or refused with a reason). */
export async function POST(request: Request): Promise<Response> {
  const principal = await requireRoute({ roles: ["ambassador"] }, { allowInactive: true });
  if (principal instanceof Response) return principal;
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  try {
    const results = await syncInterviews(getDb(), principal, read.body, { secret: serverSecret() });
    if (!results) return Response.json({ error: "invalid_batch" }, { status: 400 });
    return Response.json({ results }, { status: principal.active ? 200 : 403 });
  } catch (err) {
    console.error("[api/ambassador/sync] failed", err);
    return Response.json({ error: "unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
