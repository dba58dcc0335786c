import { sql } from "kysely";
import { getDb } from "@/lib/db";

// Public liveness and database readiness, for load balancers and the test harness.
export async function GET() {
  try {
    await sql`select 1`.execute(getDb());
    return Response.json({ ok: true, database: "up" });
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
