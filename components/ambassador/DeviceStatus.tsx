"use client";
import { useDevice } from "./useDevice";

export type DeviceTexts = {
  pending: string;
  sent: string;
  refused: string;
  syncNow: string;
  offline: string;
  offlineReady: string;
  reasons: Record<string, string>;
  refusedReason: string;
};

/** On the ambassador home: what waits on this device, what was sent, what was refused and why. */
export function DeviceStatus({ locale, texts }: { locale: string; texts: DeviceTexts }) {
  const { queue, online, offlineReady, sync } = useDevice(locale);
  const count = (s: string) => queue.filter((q) => q.status === s).length;
  const number = new Intl.NumberFormat(locale);
  const refused = queue.filter((q) => q.status === "refused");
  return (
    <section className="card" aria-labelledby="device-status">
      <h2 id="device-status" className="visually-hidden">
        {texts.pending}
      </h2>
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
            <li key={r.id}>{texts.refusedReason.replace("{id}", r.id.slice(0, 8)).replace("{reason}", texts.reasons[r.reason ?? "invalid"] ?? r.reason ?? "")}</li>
          ))}
        </ul>
      ) : null}
      {!online ? <p className="notice">{texts.offline}</p> : null}
      {offlineReady ? <p className="hint">{texts.offlineReady}</p> : null}
      <button type="button" className="secondary" onClick={() => void sync()} disabled={!online}>
        {texts.syncNow}
      </button>
    </section>
  );
}
