"use client";
import { useActionState } from "react";
import { type WithdrawState, withdrawAction } from "@/modules/respondent/actions";

/** Entering the receipt code deletes the response; works as a plain form post without JavaScript. */
export function WithdrawForm({ locale, labels }: { locale: string; labels: { code: string; submit: string } }) {
  const [state, action, pending] = useActionState<WithdrawState, FormData>(withdrawAction, { status: "idle" });
  const message = state.message ?? null;
  return (
    <form action={action} className="stack">
      {message ? (
        <p
          className={state.status === "done" ? "notice" : "alert"}
          role={state.status === "done" ? "status" : "alert"}
          id="withdraw-message"
        >
          {message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={locale} />
      <div>
        <label htmlFor="receipt">{labels.code}</label>
        <input
          id="receipt"
          name="receipt"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          dir="ltr"
          aria-describedby={message ? "withdraw-message" : undefined}
        />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
