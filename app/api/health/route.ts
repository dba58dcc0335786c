import { getDb } from "@/lib/db";
import { appliedMigration, LATEST_MIGRATION } from "@/lib/db/schema-version";
import { databaseUnavailableResponse } from "@/lib/server/db-unavailable";

// Public readiness, for load balancers and the test harness. Never cached: 503 (with Retry-After) exactly while the
// database is away, or while its schema is behind this build (run `npm run db:migrate`).
export async function GET() {
  const unavailable = databaseUnavailableResponse();
  try {
    const applied = await appliedMigration(getDb());
    if (applied !== null && applied >= LATEST_MIGRATION)
      return Response.json({ ok: true, database: "up" }, { headers: { "Cache-Control": "no-store" } });
    return Response.json(
      { ok: false, database: "up", schema: "behind", needs: LATEST_MIGRATION },
      { status: 503, headers: unavailable.headers },
    );
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: 503, headers: unavailable.headers });
  }
}
