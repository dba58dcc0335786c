"use client";
import { useEffect } from "react";

const OUTSIDE = ".site-header, .site-footer, .skip-link";

/**
 * While the respondent holds the device: nothing on screen but the questions. The header (site name, language menu),
 * the footer and the skip link are hidden and inert, and the browser's back gesture stays on this screen.
 */
export function useLockedScreen(locked: boolean) {
  useEffect(() => {
    if (!locked) return;
    const root = document.documentElement;
    root.dataset.locked = "true";
    const outside = [...document.querySelectorAll<HTMLElement>(OUTSIDE)];
    for (const el of outside) el.inert = true;
    window.history.pushState({ locked: true }, "", window.location.href);
    const stay = () => window.history.pushState({ locked: true }, "", window.location.href);
    window.addEventListener("popstate", stay);
    return () => {
      delete root.dataset.locked;
      for (const el of outside) el.inert = false;
      window.removeEventListener("popstate", stay);
    };
  }, [locked]);
}
