import { sql } from "kysely";
import { getDb } from "@/lib/db";
import { databaseUnavailableResponse } from "@/lib/server/db-unavailable";

// Public liveness and database readiness, for load balancers and the test harness.
// Never cached: it answers 503 (with Retry-After) exactly while the database is away.
export async function GET() {
  try {
    await sql`select 1`.execute(getDb());
    return Response.json({ ok: true, database: "up" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    const unavailable = databaseUnavailableResponse();
    return Response.json({ ok: false, database: "down" }, { status: 503, headers: unavailable.headers });
  }
}
