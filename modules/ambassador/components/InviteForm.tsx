"use client";
import { useActionState } from "react";
import { type InviteState, inviteAmbassadorAction } from "@/modules/ambassador/actions";
import { formatMessage } from "@/lib/i18n/format-message";
import { toLocale } from "@/lib/i18n/locales";
import { CheckboxGroup } from "@/components/staff/CheckboxGroup";

type Labels = {
  name: string;
  email: string;
  municipalities: string;
  languages: string;
  send: string;
  inviteLink: string;
};

/** The coordinator's invitation form; the one-time link is shown once, after the invitation is created. */
export function InviteForm(props: {
  locale: string;
  labels: Labels;
  municipalities: { code: string; name: string }[];
  languages: { code: string; name: string; dir: string }[];
}) {
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
          {formatMessage(toLocale(props.locale), props.labels.inviteLink, { name: state.name })}{" "}
          <code data-testid="invite-link">{origin + state.link}</code>
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
      <CheckboxGroup
        legend={props.labels.municipalities}
        name="municipalities"
        options={props.municipalities.map((m) => ({ value: m.code, label: m.name }))}
      />
      <CheckboxGroup
        legend={props.labels.languages}
        name="locales"
        options={props.languages.map((l) => ({ value: l.code, label: l.name, lang: l.code, dir: l.dir }))}
      />
      <div>
        <button type="submit" disabled={pending}>
          {props.labels.send}
        </button>
      </div>
    </form>
  );
}
