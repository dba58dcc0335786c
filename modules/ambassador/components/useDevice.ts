"use client";
import { Serwist } from "@serwist/window";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { AmbassadorBundle } from "@/modules/ambassador/bundle";
import {
  current,
  clearCurrent,
  type DeviceAmbassador,
  type DeviceInterview,
  listFor,
  setCurrent,
} from "@/modules/ambassador/device-store";
import { syncPending } from "@/modules/ambassador/sync-client";

export type DeviceState = {
  /** undefined while the device is being read. */
  ambassador: DeviceAmbassador | null | undefined;
  bundle: AmbassadorBundle | null;
  queue: DeviceInterview[];
  online: boolean;
  /** The server said nobody is signed in: nothing of anyone's is shown. */
  signedOut: boolean;
  offlineReady: boolean;
  /** A new version of the app is installed and waits; applying it reloads the page. */
  updateReady: boolean;
  applyUpdate: () => void;
  sync: () => Promise<void>;
  refresh: () => Promise<void>;
};

let serwist: Serwist | null = null;

/**
 * The ambassador device: registers the service worker (the offline shell), learns from the server who is signed in
 * and fetches their bundle when online (falling back to what the device kept for them), shows only that ambassador's
 * interviews, and sends their queue whenever the network is there.
 */
export function useDevice(): DeviceState {
  const [ambassador, setAmbassador] = useState<DeviceAmbassador | null | undefined>(undefined);
  const [bundle, setBundle] = useState<AmbassadorBundle | null>(null);
  const [queue, setQueue] = useState<DeviceInterview[]>([]);
  const [signedOut, setSignedOut] = useState(false);
  const [offlineReady, setOfflineReady] = useState(false);
  const [updateReady, setUpdateReady] = useState(false);
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  const who = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    setQueue(who.current ? await listFor(who.current) : []);
  }, []);

  const sync = useCallback(async () => {
    if (!who.current || !navigator.onLine) return;
    const report = await syncPending(who.current);
    if (report.signedOut) setSignedOut(true);
    await refresh();
  }, [refresh]);

  useEffect(() => {
    let stopped = false;
    (async () => {
      let signedOutNow = false;
      try {
        const response = await fetch("/api/ambassador/bundle", { credentials: "same-origin", cache: "no-store" });
        if (response.status === 401 || response.status === 403) {
          signedOutNow = true;
          await clearCurrent();
        } else if (response.ok) {
          const fresh = (await response.json()) as AmbassadorBundle;
          await setCurrent({ id: fresh.ambassador.id, name: fresh.ambassador.name }, fresh);
        }
      } catch {
        // No network: the device works with what it kept for the ambassador signed in last.
      }
      const kept = signedOutNow ? null : await current().catch(() => null);
      if (stopped) return;
      who.current = kept?.ambassador.id ?? null;
      setSignedOut(signedOutNow);
      setAmbassador(kept?.ambassador ?? null);
      setBundle(kept?.bundle ?? null);
      await refresh();
      await sync();
    })();
    const goOnline = () => void sync();
    window.addEventListener("online", goOnline);
    const timer = window.setInterval(() => void sync(), 30_000);
    return () => {
      stopped = true;
      window.removeEventListener("online", goOnline);
      window.clearInterval(timer);
    };
  }, [refresh, sync]);

  useEffect(() => {
    if (!("serviceWorker" in navigator) || process.env.NODE_ENV !== "production") return;
    serwist ??= new Serwist("/sw.js", { scope: "/", type: "classic" });
    const onWaiting = () => setUpdateReady(true);
    serwist.addEventListener("waiting", onWaiting);
    void serwist.register().then(async (registration) => {
      if (registration?.waiting && navigator.serviceWorker.controller) setUpdateReady(true);
      await navigator.serviceWorker.ready;
      setOfflineReady(true);
    });
    return () => serwist?.removeEventListener("waiting", onWaiting);
  }, []);

  const applyUpdate = useCallback(() => {
    if (!serwist) return;
    serwist.addEventListener("controlling", () => window.location.reload());
    serwist.messageSkipWaiting();
  }, []);

  return { ambassador, bundle, queue, online, signedOut, offlineReady, updateReady, applyUpdate, sync, refresh };
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}
