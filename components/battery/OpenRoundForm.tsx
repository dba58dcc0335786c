"use client";
import { useActionState } from "react";
import { openRoundAction, type RoundState } from "@/lib/authoring/round-actions";

type Props = {
  locale: string;
  labels: Record<"name" | "version" | "municipalities" | "optionalModules" | "opensOn" | "closesOn" | "submit", string>;
  versions: { id: number; version: number }[];
  municipalities: { code: string; name: string }[];
  optionalModules: { key: string; title: string }[];
  today: string;
};

/** Opening a collection round: a plain form (works without JavaScript); the new code is shown when done. */
export function OpenRoundForm(props: Props) {
  const [state, action, pending] = useActionState<RoundState, FormData>(openRoundAction, { status: "idle" });
  return (
    <form action={action} className="stack" style={{ maxWidth: "40rem" }}>
      {state.status === "ok" ? (
        <p className="notice" role="status" data-code={state.code}>
          {state.message}
        </p>
      ) : null}
      {state.status === "error" ? (
        <p className="alert" role="alert">
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={props.locale} />
      <input type="hidden" name="optionalModules" value={props.optionalModules.map((m) => m.key).join(",")} />
      <div>
        <label htmlFor="round-name">{props.labels.name}</label>
        <input id="round-name" name="name" type="text" required />
      </div>
      <div>
        <label htmlFor="round-version">{props.labels.version}</label>
        <select id="round-version" name="versionId">
          {props.versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.version}
            </option>
          ))}
        </select>
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
      {props.optionalModules.length ? (
        <fieldset className="question">
          <legend>{props.labels.optionalModules}</legend>
          <div className="options">
            {props.optionalModules.map((m) => (
              <label className="option" key={m.key}>
                <input type="checkbox" name="includeModules" value={m.key} defaultChecked />
                <span>{m.title}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div>
        <label htmlFor="round-opens">{props.labels.opensOn}</label>
        <input id="round-opens" name="opensOn" type="date" required defaultValue={props.today} />
      </div>
      <div>
        <label htmlFor="round-closes">{props.labels.closesOn}</label>
        <input id="round-closes" name="closesOn" type="date" required />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {props.labels.submit}
        </button>
      </div>
    </form>
  );
}
