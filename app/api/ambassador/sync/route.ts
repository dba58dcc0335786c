import { requireRoute } from "@/lib/auth/guard";
import { syncInterviews } from "@/lib/ambassador/sync";
import { getDb } from "@/lib/db";
import { serverSecret } from "@/lib/server/secret";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Interviews from an ambassador's device: answered per interview (stored, duplicate or refused with a reason). */
export async function POST(request: Request): Promise<Response> {
  const principal = await requireRoute({ roles: ["ambassador"] }, { allowInactive: true });
  if (principal instanceof Response) return principal;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return Response.json({ error: "too_large" }, { status: 413 });
  let body: unknown;
  try {
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) return Response.json({ error: "too_large" }, { status: 413 });
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: "invalid_json" }, { status: 400 });
  }
  try {
    const results = await syncInterviews(getDb(), principal, body, { secret: serverSecret() });
    if (!results) return Response.json({ error: "invalid_batch" }, { status: 400 });
    return Response.json({ results }, { status: principal.active ? 200 : 403 });
  } catch (err) {
    console.error("[api/ambassador/sync] failed", err);
    return Response.json({ error: "unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
