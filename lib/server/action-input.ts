/**
 * The shape every form action is called with, checked before it runs. A browser always sends a FormData (the form's
 * fields, or useActionState's previous state and the form); anything else (JSON posted by hand, a missing form) is
 * not a request our pages make: it is refused as not found (404) before anything is read or written, where the
 * action would otherwise fail on it with a 500.
 */
import { notFound } from "next/navigation";
import { logger } from "@/lib/observability/log";

function refuse(name: string): never {
  logger.info({ action: name }, "server action called without a form: refused");
  notFound();
}

/** An action a form posts directly: `<form action={…}>`. */
export function formAction(run: (form: FormData) => Promise<void>): (form: FormData) => Promise<void> {
  return async (...args: unknown[]) => {
    if (!(args[0] instanceof FormData)) refuse(run.name);
    return run(args[0]);
  };
}

/** An action behind useActionState: the previous state, then the form. */
export function stateFormAction<S>(
  run: (prev: S, form: FormData) => Promise<S>,
): (prev: S, form: FormData) => Promise<S> {
  return async (...args: unknown[]) => {
    if (!(args[1] instanceof FormData)) refuse(run.name);
    return run(args[0] as S, args[1]);
  };
}
