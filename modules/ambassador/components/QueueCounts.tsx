"use client";
import type { DeviceInterview } from "@/modules/ambassador/device-store";
import type { Locale } from "@/lib/i18n/locales";
import { formatMessage } from "@/lib/i18n/format-message";

export type QueueTexts = {
  pending: string;
  sent: string;
  refused: string;
  /** The raw ICU message with {id} and {reason}. */
  refusedReason: string;
  reasons: Record<string, string>;
};

/** What of this ambassador's waits on the device, what was sent, and what was refused and why. */
export function QueueCounts({ locale, queue, texts }: { locale: Locale; queue: DeviceInterview[]; texts: QueueTexts }) {
  const count = (s: string) => queue.filter((q) => q.status === s).length;
  const number = new Intl.NumberFormat(locale);
  const refused = queue.filter((q) => q.status === "refused");
  return (
    <>
      <dl className="counts" aria-live="polite">
        <div>
          <dt>{texts.pending}</dt>
          <dd data-testid="pending">{number.format(count("pending"))}</dd>
        </div>
        <div>
          <dt>{texts.sent}</dt>
          <dd data-testid="sent">{number.format(count("sent"))}</dd>
        </div>
        <div>
          <dt>{texts.refused}</dt>
          <dd data-testid="refused">{number.format(refused.length)}</dd>
        </div>
      </dl>
      {refused.length ? (
        <ul className="alert" role="alert">
          {refused.map((r) => (
            <li key={r.id}>
              {formatMessage(locale, texts.refusedReason, {
                id: r.id.slice(0, 8),
                reason: texts.reasons[r.reason ?? "invalid"] ?? r.reason ?? "",
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
