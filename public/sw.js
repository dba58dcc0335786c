/*
 * The ambassador app's service worker: keeps the app shell (pages, scripts, styles, fonts) and the offline
 * bundle so interviews can be run with no network. Respondent pages and every write pass straight through.
 */
const STATIC = "fb-static-v1";
const PAGES = "fb-pages-v1";
const offlinePath = /^\/[A-Za-z-]+\/ambassador(\/.*)?$|^\/api\/ambassador\/bundle$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/** Also keep every script and stylesheet a cached page refers to, so the page can start offline. */
async function cacheAssetsOf(response) {
  const type = response.headers.get("content-type") || "";
  if (!type.includes("text/html")) return;
  const html = await response.text();
  const urls = new Set([...html.matchAll(/\/_next\/static\/[^"'\s)\\]+/g)].map((m) => m[0]));
  const cache = await caches.open(STATIC);
  await Promise.all([...urls].map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined))));
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      await cacheAssetsOf(response.clone());
    }
    return response;
  } catch (err) {
    const hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(request));
    return;
  }
  const isRsc = request.headers.get("RSC") === "1" || url.searchParams.has("_rsc");
  if (offlinePath.test(url.pathname) && !isRsc) event.respondWith(networkFirst(request));
});

/** The app asks for its pages to be kept while it is online ("warm"), so they open offline later. */
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "warm" || !Array.isArray(event.data.urls)) return;
  event.waitUntil(
    Promise.all(
      event.data.urls
        .filter((u) => typeof u === "string" && u.startsWith("/"))
        .map((u) => networkFirst(new Request(u, { credentials: "same-origin" })).catch(() => undefined)),
    ).then(() => event.source && event.source.postMessage({ type: "warmed" })),
  );
});
