"use client";
import { type ReactNode, useEffect, useRef, useState } from "react";

/** What this document has shown already: a page restored from the router's cache must not show it again. */
const shown = new Set<string>();

/** Takes the secrets out of the page's inline scripts (the data the page was built from; they ran already). */
function scrubScripts(secrets: string[]) {
  for (const script of document.querySelectorAll("script:not([src])")) {
    const text = script.textContent ?? "";
    if (secrets.some((s) => text.includes(s))) script.textContent = secrets.reduce((t, s) => t.replaceAll(s, ""), text);
  }
}

/**
 * Something shown once, on a shared phone: the receipt code on the thank-you page. Once shown, the code is taken out
 * of the page's inline data; leaving the page blanks it in the DOM (so the back-forward cache keeps a blank page),
 * a page restored from that cache reloads (the server then has nothing to show), and the app's own back navigation,
 * which re-renders from its cache, shows nothing. Without JavaScript the server's no-store and the one-time cookie
 * (proxy.ts) do the same.
 */
export function ShownOnce({ id, secrets, children }: { id: string; secrets: string[]; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // Decided at the first render: hydration renders what the server sent; a later mount of the same id renders nothing.
  const [again] = useState(() => shown.has(id));
  useEffect(() => {
    if (again) return;
    shown.add(id);
    scrubScripts(secrets);
    const blank = () => {
      scrubScripts(secrets);
      const el = box.current;
      if (!el) return;
      el.hidden = true;
      for (const node of el.querySelectorAll("output")) node.textContent = "";
    };
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    window.addEventListener("pagehide", blank);
    window.addEventListener("pageshow", restored);
    return () => {
      window.removeEventListener("pagehide", blank);
      window.removeEventListener("pageshow", restored);
      scrubScripts(secrets);
    };
  }, [again, id, secrets]);
  return again ? null : <div ref={box}>{children}</div>;
}
