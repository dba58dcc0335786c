"use client";
import { useErrorTexts } from "@/components/layout/ErrorTexts";

export default function ErrorBoundary({ reset }: { error: Error; reset: () => void }) {
  const t = useErrorTexts();
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.body}</p>
      <button type="button" onClick={reset}>
        {t.retry}
      </button>
    </>
  );
}
