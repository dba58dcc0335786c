"use client";
import { createContext, type ReactNode, useContext } from "react";

export type ErrorTexts = { title: string; body: string; retry: string };

const Context = createContext<ErrorTexts>({
  title: "Något gick fel",
  body: "Försök igen om en stund.",
  retry: "Försök igen",
});

/** Hands the error boundary its texts in the page's language, without shipping an i18n runtime. */
export function ErrorTextsProvider({ texts, children }: { texts: ErrorTexts; children: ReactNode }) {
  return <Context.Provider value={texts}>{children}</Context.Provider>;
}

export function useErrorTexts(): ErrorTexts {
  return useContext(Context);
}
