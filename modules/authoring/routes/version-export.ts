import { requireRoute } from "@/lib/auth/guard";
import { recordAudit } from "@/modules/admin/audit";
import { getDb } from "@/lib/db";

/** A published version as JSON, exactly as stored: importing it back gives the same battery. */
export async function GET(_request: Request, { params }: { params: Promise<{ version: string }> }): Promise<Response> {
  const principal = await requireRoute({ roles: ["coordinator", "admin"] });
  if (principal instanceof Response) return principal;
  const version = Number((await params).version);
  if (!Number.isInteger(version) || version < 1) return Response.json({ error: "invalid_version" }, { status: 400 });
  const db = getDb();
  const row = await db
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["v.content", "b.slug"])
    .where("b.kind", "=", "regional")
    .where("v.version", "=", version)
    .executeTakeFirst();
  if (!row) return Response.json({ error: "unknown_version" }, { status: 404 });
  await recordAudit(db, { actor_id: principal.id, action: "battery.exported", target: `${row.slug}:v${version}` });
  return new Response(JSON.stringify(row.content, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${row.slug}-v${version}.json"`,
    },
  });
}
