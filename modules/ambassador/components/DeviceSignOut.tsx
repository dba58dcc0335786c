"use client";
import { type FormEvent, useRef, useState } from "react";
import { clearCurrent, forgetAmbassador, waitingCount } from "@/modules/ambassador/device-store";
import { signOutAction } from "@/lib/auth/actions";
import type { Locale } from "@/lib/i18n/locales";
import { formatMessage } from "@/lib/i18n/format-message";

/** `waiting` is the raw ICU message (with its plural); it is formatted here with the count the device knows. */
export type SignOutTexts = { signOut: string; waiting: string; anyway: string; cancel: string };

/** Everything the app keeps on a device: its offline shell (caches and service worker). */
async function clearDevice(ambassador: string) {
  await forgetAmbassador(ambassador);
  if ("caches" in window) for (const name of await caches.keys()) await caches.delete(name);
  if ("serviceWorker" in navigator)
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
}

/**
 * An ambassador's sign-out. With interviews still only on this device, it says so and keeps them for their owner
 * (nobody else signed in here sees or sends them); with none, it clears the device's stores and caches first.
 * Without JavaScript it is the plain sign-out form.
 */
export function DeviceSignOut({
  locale,
  ambassador,
  texts,
}: {
  locale: Locale;
  ambassador: string;
  texts: SignOutTexts;
}) {
  const form = useRef<HTMLFormElement>(null);
  const ready = useRef(false);
  const [waiting, setWaiting] = useState(0);

  const proceed = async (clear: boolean) => {
    try {
      if (clear) await clearDevice(ambassador);
      else await clearCurrent();
    } catch {
      // A device that cannot clear its store still signs out; the server forgets the session either way.
    }
    ready.current = true;
    form.current?.requestSubmit();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    if (ready.current) return;
    event.preventDefault();
    const count = await waitingCount(ambassador).catch(() => 0);
    if (count > 0) setWaiting(count);
    else await proceed(true);
  };

  return (
    <>
      <form ref={form} action={signOutAction} onSubmit={(e) => void onSubmit(e)}>
        <input type="hidden" name="locale" value={locale} />
        <button type="submit" className="secondary">
          {texts.signOut}
        </button>
      </form>
      {waiting > 0 ? (
        <div
          role="alertdialog"
          aria-modal="false"
          aria-labelledby="sign-out-waiting"
          className="notice sign-out-waiting"
        >
          <p id="sign-out-waiting">{formatMessage(locale, texts.waiting, { count: waiting })}</p>
          <div className="actions">
            <button type="button" onClick={() => void proceed(false)}>
              {texts.anyway}
            </button>
            <button type="button" className="secondary" onClick={() => setWaiting(0)}>
              {texts.cancel}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
