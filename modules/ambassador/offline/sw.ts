/// <reference lib="webworker" />
/**
 * The ambassador device's service worker, built with Serwist (scripts/build-sw.ts injects the precache manifest).
 *
 * It keeps the interview shell of every language and the files it needs, each with a revision, so an interview runs
 * with no network. The shell is the same for every ambassador: who is signed in, their surveys and their interviews
 * live in the device store, never in a cached page. A new version installs in the background and waits until the
 * app says it is safe (no interview in progress) before it takes over; old caches are pruned when it does.
 * Respondent pages, the bundle and every write pass straight through, uncached.
 */
import { type PrecacheEntry, type RouteHandlerCallbackOptions, Serwist, type SerwistGlobalConfig } from "serwist";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

/** Caches of the hand-written worker this one replaces. */
const LEGACY_CACHES = ["fb-static-v1", "fb-pages-v1"];
const shellPath = /^\/([A-Za-z-]+)\/ambassador\/interview\/?$/;
const devicePath = /^\/([A-Za-z-]+)\/ambassador(\/.*)?$/;

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: {
    cleanupOutdatedCaches: true,
    concurrency: 4,
    plugins: [
      {
        // A shell fetched while signed out is the sign-in page: never keep it as the interview screen.
        cacheWillUpdate: async ({ response }) => (response.ok && !response.redirected ? response : null),
      },
    ],
  },
  skipWaiting: false,
  clientsClaim: true,
  navigationPreload: false,
});

const isRsc = (request: Request, url: URL) => request.headers.get("RSC") === "1" || url.searchParams.has("_rsc");

async function shellFor(locale: string): Promise<Response | undefined> {
  return (
    (await serwist.matchPrecache(`/${locale}/ambassador/interview`)) ??
    (await serwist.matchPrecache("/sv/ambassador/interview"))
  );
}

// The interview screen, whatever its query (?survey=, ?interview=): the kept shell, which reads the query itself.
serwist.registerCapture(
  ({ request, url, sameOrigin }) =>
    sameOrigin && request.mode === "navigate" && shellPath.test(url.pathname) && !isRsc(request, url),
  async ({ url }: RouteHandlerCallbackOptions) => {
    const locale = shellPath.exec(url.pathname)![1]!;
    return (await shellFor(locale)) ?? fetch(url.href, { credentials: "same-origin" });
  },
);

// The rest of the ambassador's pages need the server; offline, the interview shell stands in (it is the device home).
serwist.registerCapture(
  ({ request, url, sameOrigin }) =>
    sameOrigin && request.mode === "navigate" && devicePath.test(url.pathname) && !isRsc(request, url),
  async ({ request, url }: RouteHandlerCallbackOptions) => {
    try {
      return await fetch(request);
    } catch (err) {
      const shell = await shellFor(devicePath.exec(url.pathname)![1]!);
      if (shell) return shell;
      throw err;
    }
  },
);

self.addEventListener("activate", (event) => {
  event.waitUntil(Promise.all(LEGACY_CACHES.map((name) => caches.delete(name))));
});

serwist.addEventListeners();
