"use client";
import type { Locale } from "@/lib/i18n/locales";
import { QueueCounts } from "./QueueCounts";
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

/** On the ambassador home: what of this ambassador's waits on this device, what was sent, what was refused and why. */
export function DeviceStatus({ locale, texts }: { locale: Locale; texts: DeviceTexts }) {
  const { queue, online, offlineReady, sync } = useDevice();
  return (
    <section className="card" aria-labelledby="device-status">
      <h2 id="device-status" className="visually-hidden">
        {texts.pending}
      </h2>
      <QueueCounts locale={locale} queue={queue} texts={texts} />
      {!online ? <p className="notice">{texts.offline}</p> : null}
      {offlineReady ? <p className="hint">{texts.offlineReady}</p> : null}
      <button type="button" className="secondary" onClick={() => void sync()} disabled={!online}>
        {texts.syncNow}
      </button>
    </section>
  );
}
