"use client";
import { useActionState } from "react";
import { openRoundAction, type RoundState } from "@/modules/authoring/round-actions";
import { CheckboxGroup } from "@/components/staff/CheckboxGroup";

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
      <CheckboxGroup
        legend={props.labels.municipalities}
        name="municipalities"
        options={props.municipalities.map((m) => ({ value: m.code, label: m.name }))}
      />
      {props.optionalModules.length ? (
        <CheckboxGroup
          legend={props.labels.optionalModules}
          name="includeModules"
          options={props.optionalModules.map((m) => ({ value: m.key, label: m.title, defaultChecked: true }))}
        />
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
