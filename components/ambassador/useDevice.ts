"use client";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { AmbassadorBundle } from "@/lib/ambassador/bundle";
import { listInterviews, loadBundle, type QueuedInterview, saveBundle } from "@/lib/ambassador/device-store";
import { syncPending } from "@/lib/ambassador/sync-client";

/**
 * The ambassador device: registers the service worker and keeps the app's pages for offline use, fetches
 * the bundle when online (falling back to the stored one), and sends the queue whenever the network is there.
 */
export function useDevice(locale: string) {
  const [bundle, setBundle] = useState<AmbassadorBundle | null | undefined>(undefined);
  const [queue, setQueue] = useState<QueuedInterview[]>([]);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const [offlineReady, setOfflineReady] = useState(false);

  const refresh = useCallback(async () => setQueue(await listInterviews()), []);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    await syncPending();
    await refresh();
  }, [refresh]);

  useEffect(() => {
    let stopped = false;
    (async () => {
      try {
        const response = await fetch("/api/ambassador/bundle", { credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const fresh = (await response.json()) as AmbassadorBundle;
        await saveBundle(fresh);
        if (!stopped) setBundle(fresh);
      } catch {
        const stored = await loadBundle().catch(() => undefined);
        if (!stopped) setBundle(stored ?? null);
      }
      await refresh();
      await sync();
    })();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register("/sw.js", { scope: "/" })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => {
          const onMessage = (e: MessageEvent) => {
            if (e.data?.type === "warmed" && !stopped) setOfflineReady(true);
          };
          navigator.serviceWorker.addEventListener("message", onMessage);
          registration.active?.postMessage({ type: "warm", urls: [`/${locale}/ambassador`, `/${locale}/ambassador/interview`, "/api/ambassador/bundle"] });
        })
        .catch(() => {});
    }
    const goOnline = () => void sync();
    window.addEventListener("online", goOnline);
    const timer = window.setInterval(() => void sync(), 30_000);
    return () => {
      stopped = true;
      window.removeEventListener("online", goOnline);
      window.clearInterval(timer);
    };
  }, [locale, refresh, sync]);

  return { bundle, queue, online, offlineReady, sync, refresh };
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}
