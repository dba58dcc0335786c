import { requireRoute } from "@/lib/auth/guard";
import { metricsText } from "@/lib/observability/metrics";

/**
 * Counters in Prometheus text: counts only, nothing about anyone. A scraper sends `Authorization: Bearer
 * $METRICS_TOKEN`; without that token configured, only a signed-in admin may read them (the moment a response is
 * stored is not for everyone to watch).
 */
export async function GET(request: Request) {
  const token = process.env.METRICS_TOKEN;
  if (!(token && request.headers.get("authorization") === `Bearer ${token}`)) {
    const principal = await requireRoute({ roles: ["admin"] });
    if (principal instanceof Response) return principal;
  }
  return new Response(metricsText(), {
    headers: { "content-type": "text/plain; version=0.0.4", "Cache-Control": "no-store" },
  });
}
