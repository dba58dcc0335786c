"use client";
import { useActionState } from "react";
import { type AcceptState, acceptInvitationAction } from "@/modules/ambassador/actions";

export function AcceptInviteForm({
  locale,
  token,
  labels,
}: {
  locale: string;
  token: string;
  labels: { password: string; confirm: string; submit: string };
}) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInvitationAction, { status: "idle" });
  return (
    <form action={action} className="stack">
      {state.status === "error" ? (
        <p className="alert" role="alert" id="invite-error">
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="new-password">{labels.password}</label>
        <input id="new-password" name="password" type="password" autoComplete="new-password" minLength={10} required />
      </div>
      <div>
        <label htmlFor="confirm-password">{labels.confirm}</label>
        <input
          id="confirm-password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
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
