"use client";
import { useActionState } from "react";
import { type BatteryActionState, importDraftAction, newDraftAction, publishAction } from "@/lib/authoring/actions";

const actions = { newDraft: newDraftAction, import: importDraftAction, publish: publishAction };

/** One of the coordinator's battery actions as a plain form (works without JavaScript), with its result. */
export function BatteryActionForm(props: { action: keyof typeof actions; locale: string; submit: string; loadedAt?: string; fileLabel?: string; secondary?: boolean }) {
  const [state, action, pending] = useActionState<BatteryActionState, FormData>(actions[props.action], { status: "idle" });
  return (
    <form action={action} className="stack" encType={props.fileLabel ? "multipart/form-data" : undefined}>
      {state.status === "ok" ? (
        <p className="notice" role="status">
          {state.message}
        </p>
      ) : null}
      {state.status === "error" ? (
        <div className="alert" role="alert">
          <p>{state.message}</p>
          {state.problems?.length ? (
            <ul>
              {state.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <input type="hidden" name="locale" value={props.locale} />
      {props.loadedAt ? <input type="hidden" name="loadedAt" value={props.loadedAt} /> : null}
      {props.fileLabel ? (
        <div>
          <label htmlFor={`file-${props.action}`}>{props.fileLabel}</label>
          <input id={`file-${props.action}`} name="file" type="file" accept="application/json,.json" required />
        </div>
      ) : null}
      <div>
        <button type="submit" disabled={pending} className={props.secondary ? "secondary" : undefined}>
          {props.submit}
        </button>
      </div>
    </form>
  );
}
