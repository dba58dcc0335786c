/**
 * Message catalogues. Typed from the Swedish source: a catalogue missing a key fails the type check here.
 */
import type sv from "@/messages/sv.json";
import type { Locale } from "./locales";

export type Messages = typeof sv;

export const loadMessages: Record<Locale, () => Promise<Messages>> = {
  sv: () => import("@/messages/sv.json").then((m) => m.default),
  en: () => import("@/messages/en.json").then((m) => m.default),
  ar: () => import("@/messages/ar.json").then((m) => m.default),
  fa: () => import("@/messages/fa.json").then((m) => m.default),
  "fa-AF": () => import("@/messages/fa-AF.json").then((m) => m.default),
  ckb: () => import("@/messages/ckb.json").then((m) => m.default),
  ku: () => import("@/messages/ku.json").then((m) => m.default),
  so: () => import("@/messages/so.json").then((m) => m.default),
  ti: () => import("@/messages/ti.json").then((m) => m.default),
  uk: () => import("@/messages/uk.json").then((m) => m.default),
};
