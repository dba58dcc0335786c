/**
 * Sending the signed-in ambassador's queue: their finished interviews only, in batches, one sender at a time per
 * device (tabs share a lock), with per-interview results. Nothing is lost when the network drops: an interview
 * leaves the queue only when the server has answered for it.
 */
import { listFor, markResults } from "./device-store";
import type { SyncOutcome } from "./sync";

const BATCH = 20;

export type SyncReport = { sent: number; refused: number; offline: boolean; signedOut: boolean };

export async function syncPending(ambassador: string): Promise<SyncReport> {
  const run = () => sendAll(ambassador);
  // One sender per device: two tabs sending the same queue would only get "duplicate", but it doubles the traffic.
  if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request("fb-sync", run);
  return run();
}

async function sendAll(ambassador: string): Promise<SyncReport> {
  const pending = (await listFor(ambassador)).filter((i) => i.status === "pending" && i.payload);
  const report: SyncReport = { sent: 0, refused: 0, offline: false, signedOut: false };
  for (let i = 0; i < pending.length; i += BATCH) {
    const batch = pending.slice(i, i + BATCH);
    let response: Response;
    try {
      response = await fetch("/api/ambassador/sync", {
        method: "POST",
        headers: { "content-type": "application/json" },
        // The device's clock as it sends: the server corrects the interviews' times by its offset.
        body: JSON.stringify({ interviews: batch.map((b) => b.payload), sentAt: new Date().toISOString() }),
        credentials: "same-origin",
      });
    } catch {
      report.offline = true;
      return report;
    }
    if (response.status === 401) {
      report.signedOut = true; // keep everything until its ambassador signs in again
      return report;
    }
    // 403 still answers per interview (a deactivated ambassador's are refused with that reason).
    if (!response.ok && response.status !== 403) {
      report.offline = true;
      return report;
    }
    const body = (await response.json().catch(() => null)) as { results?: SyncOutcome[] } | null;
    if (!body?.results) return report;
    const results = body.results
      .filter((r): r is SyncOutcome & { id: string } => typeof r.id === "string")
      // Someone else is signed in now: the interview stays in its owner's queue, untouched.
      .filter((r) => r.reason !== "other_ambassador")
      .map((r) => ({
        id: r.id,
        status: r.status === "refused" ? ("refused" as const) : ("sent" as const),
        reason: r.reason,
      }));
    await markResults(ambassador, results);
    report.sent += results.filter((u) => u.status === "sent").length;
    report.refused += results.filter((u) => u.status === "refused").length;
    if (body.results.some((r) => r.reason === "other_ambassador")) {
      report.signedOut = true;
      return report;
    }
  }
  return report;
}
