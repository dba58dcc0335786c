import { buildBundle } from "@/modules/ambassador/bundle";
import { requireRoute } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";

/** The offline bundle for the signed-in ambassador's device (surveys, batteries, texts; never any answers). */
export async function GET(): Promise<Response> {
  const principal = await requireRoute({ roles: ["ambassador"] });
  if (principal instanceof Response) return principal;
  return Response.json(await buildBundle(getDb(), principal), { headers: { "cache-control": "private, no-store" } });
}
