"use client";
import { useActionState } from "react";
import { type InviteState, inviteAmbassadorAction } from "@/lib/ambassador/actions";

type Labels = { name: string; email: string; municipalities: string; languages: string; send: string; inviteLink: string };

/** The coordinator's invitation form; the one-time link is shown once, after the invitation is created. */
export function InviteForm(props: { locale: string; labels: Labels; municipalities: { code: string; name: string }[]; languages: { code: string; name: string; dir: string }[] }) {
  const [state, action, pending] = useActionState<InviteState, FormData>(inviteAmbassadorAction, { status: "idle" });
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <form action={action} className="stack" style={{ maxWidth: "40rem" }}>
      {state.status === "error" ? (
        <p className="alert" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === "created" ? (
        <p className="notice" role="status">
          {props.labels.inviteLink.replace("{name}", state.name)} <code data-testid="invite-link">{origin + state.link}</code>
        </p>
      ) : null}
      <input type="hidden" name="locale" value={props.locale} />
      <div>
        <label htmlFor="invite-name">{props.labels.name}</label>
        <input id="invite-name" name="name" type="text" required autoComplete="off" />
      </div>
      <div>
        <label htmlFor="invite-email">{props.labels.email}</label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" />
      </div>
      <fieldset className="question">
        <legend>{props.labels.municipalities}</legend>
        <div className="options">
          {props.municipalities.map((m) => (
            <label className="option" key={m.code}>
              <input type="checkbox" name="municipalities" value={m.code} />
              <span>{m.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="question">
        <legend>{props.labels.languages}</legend>
        <div className="options">
          {props.languages.map((l) => (
            <label className="option" key={l.code}>
              <input type="checkbox" name="locales" value={l.code} />
              <span lang={l.code} dir={l.dir}>
                {l.name}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <button type="submit" disabled={pending}>
          {props.labels.send}
        </button>
      </div>
    </form>
  );
}
