"use client";
import { useActionState, useState } from "react";
import { formatMessage } from "@/lib/i18n/format-message";
import { toLocale } from "@/lib/i18n/locales";
import {
  type BatteryActionState,
  importDraftAction,
  importXlsFormAction,
  newDraftAction,
  publishAction,
} from "@/modules/authoring/actions";

const actions = {
  newDraft: newDraftAction,
  import: importDraftAction,
  importXlsForm: importXlsFormAction,
  publish: publishAction,
};

type Props = {
  action: keyof typeof actions;
  locale: string;
  submit: string;
  loadedAt?: string;
  secondary?: boolean;
  /** For imports: the file input's label, what it accepts, and the largest file worth sending. */
  file?: { label: string; accept: string; maxBytes: number; tooLarge: string; hint?: string };
  reportLabels?: { title: string; sheet: string; row: string; what: string };
};

/**
 * One of the coordinator's battery actions as a plain form (works without JavaScript), with its result and, for
 * imports, the row-by-row report. With JavaScript a file over the limit is refused before it is sent.
 */
export function BatteryActionForm(props: Props) {
  const [state, action, pending] = useActionState<BatteryActionState, FormData>(actions[props.action], {
    status: "idle",
  });
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const id = `file-${props.action}`;
  const report = state.status !== "idle" ? state.report : undefined;
  return (
    <form
      action={action}
      className="stack"
      encType={props.file ? "multipart/form-data" : undefined}
      onSubmit={(e) => {
        const input = e.currentTarget.elements.namedItem("file");
        const chosen = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
        if (props.file && chosen && chosen.size > props.file.maxBytes) {
          e.preventDefault();
          setTooLarge(
            formatMessage(toLocale(props.locale), props.file.tooLarge, {
              size: Math.round((chosen.size / 1048576) * 10) / 10,
              max: props.file.maxBytes / 1048576,
            }),
          );
        } else setTooLarge(null);
      }}
    >
      {tooLarge ? (
        <p className="alert" role="alert">
          {tooLarge}
        </p>
      ) : null}
      {!tooLarge && state.status === "ok" ? (
        <p className="notice" role="status">
          {state.message}
        </p>
      ) : null}
      {!tooLarge && state.status === "error" ? (
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
      {!tooLarge && report?.length && props.reportLabels ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={props.reportLabels.title}>
          <table className="import-report">
            <caption>{props.reportLabels.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.reportLabels.sheet}</th>
                <th scope="col" className="num">
                  {props.reportLabels.row}
                </th>
                <th scope="col">{props.reportLabels.what}</th>
              </tr>
            </thead>
            <tbody>
              {report.map((r, i) => (
                <tr key={i}>
                  <td>{r.sheet}</td>
                  <td className="num">{r.row || "–"}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <input type="hidden" name="locale" value={props.locale} />
      {props.loadedAt ? <input type="hidden" name="loadedAt" value={props.loadedAt} /> : null}
      {props.file ? (
        <div>
          <label htmlFor={id}>{props.file.label}</label>
          {props.file.hint ? (
            <p className="hint" id={`${id}-hint`}>
              {props.file.hint}
            </p>
          ) : null}
          <input
            id={id}
            name="file"
            type="file"
            accept={props.file.accept}
            required
            aria-describedby={props.file.hint ? `${id}-hint` : undefined}
          />
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
