/** Sending the device's queue: in batches, per-interview results, nothing lost when the network drops. */
import { listInterviews, updateInterviews } from "./device-store";
import type { SyncOutcome } from "./sync";

const BATCH = 20;

export type SyncReport = { sent: number; refused: number; offline: boolean };

export async function syncPending(): Promise<SyncReport> {
  const pending = (await listInterviews()).filter((i) => i.status === "pending" && i.payload);
  const report: SyncReport = { sent: 0, refused: 0, offline: false };
  for (let i = 0; i < pending.length; i += BATCH) {
    const batch = pending.slice(i, i + BATCH);
    let response: Response;
    try {
      response = await fetch("/api/ambassador/sync", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ interviews: batch.map((b) => b.payload) }),
        credentials: "same-origin",
      });
    } catch {
      report.offline = true;
      return report;
    }
    if (response.status === 401) {
      report.offline = true; // signed out: keep everything until the ambassador signs in again
      return report;
    }
    if (!response.ok && response.status !== 403) {
      report.offline = true;
      return report;
    }
    const body = (await response.json().catch(() => null)) as { results?: SyncOutcome[] } | null;
    if (!body?.results) return report;
    const updates = body.results
      .filter((r): r is SyncOutcome & { id: string } => typeof r.id === "string")
      .map((r) => ({ id: r.id, status: r.status === "refused" ? ("refused" as const) : ("sent" as const), reason: r.reason }));
    await updateInterviews(updates);
    report.sent += updates.filter((u) => u.status === "sent").length;
    report.refused += updates.filter((u) => u.status === "refused").length;
  }
  return report;
}
