/** Liveness: the process answers (no database read). A load balancer restarts an instance that stops answering. */
export function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
