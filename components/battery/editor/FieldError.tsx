import type { FieldError as RhfFieldError } from "react-hook-form";

/** The zod message of one field, right under it. */
export function FieldError({ error, id }: { error?: RhfFieldError | { message?: string }; id?: string }) {
  if (!error?.message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {error.message}
    </p>
  );
}
