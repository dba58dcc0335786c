"use client";
import { useActionState } from "react";
import { signInAction } from "@/lib/auth/actions";
import type { SignInState } from "@/lib/auth/sign-in-schema";

export type SignInLabels = { email: string; password: string; submit: string };

/** A plain form posting to a server action: works without JavaScript, and validates on the server. */
export function SignInForm({ locale, labels }: { locale: string; labels: SignInLabels }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { status: "idle" });
  const message = state.status === "error" ? state.message : null;
  const email = state.status === "idle" ? "" : (state.email ?? "");
  return (
    <form action={action} className="stack" noValidate>
      {message ? (
        <p role="alert" className="alert" id="sign-in-error">
          {message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={locale} />
      <div>
        <label htmlFor="email">{labels.email}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={email}
          key={email}
          aria-describedby={message ? "sign-in-error" : undefined}
        />
      </div>
      <div>
        <label htmlFor="password">{labels.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
