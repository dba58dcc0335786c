"use client";
import { createContext, useContext } from "react";
import type { FieldError as RhfFieldError } from "react-hook-form";

/** The editor's words for the schema's field errors, so a zod issue reads in the coordinator's language. */
export const FieldErrorLabels = createContext<{ required: string; keyFormat: string; invalidValue: string } | null>(
  null,
);

/** The error of one field, right under it, said by its kind (the schema's English text only as a fallback). */
export function FieldError({
  error,
  id,
}: {
  error?: RhfFieldError | { message?: string; type?: unknown };
  id?: string;
}) {
  const labels = useContext(FieldErrorLabels);
  if (!error?.message) return null;
  const type = "type" in error ? error.type : undefined;
  const text = !labels
    ? error.message
    : type === "too_small"
      ? labels.required
      : type === "invalid_format"
        ? labels.keyFormat
        : labels.invalidValue;
  return (
    <p className="field-error" id={id} role="alert">
      {text}
    </p>
  );
}
