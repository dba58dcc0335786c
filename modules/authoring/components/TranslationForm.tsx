"use client";
import { useActionState } from "react";
import { saveTranslationsAction, type TranslationsState } from "@/modules/authoring/translation-actions";
import type { TranslationRow } from "@/modules/authoring/translations";

type Labels = Record<
  | "text"
  | "source"
  | "target"
  | "status"
  | "markReviewed"
  | "save"
  | "state_missing"
  | "state_draft"
  | "state_reviewed"
  | "state_needs_review",
  string
>;
type Props = {
  locale: string;
  lang: string;
  langName: string;
  dir: "ltr" | "rtl";
  rows: TranslationRow[];
  labels: Labels;
  /** Accessible names per row, already filled in on the server: "Arabic translation of question:x" and "Mark … reviewed". */
  names: Record<string, { target: string; reviewed: string }>;
};

/** The Swedish source beside one language, text by text, with its status; a plain form that works without JavaScript. */
export function TranslationForm({ locale, lang, dir, rows, labels, names }: Props) {
  const [state, action, pending] = useActionState<TranslationsState, FormData>(saveTranslationsAction, {
    status: "idle",
  });
  return (
    <form action={action} className="stack editor">
      {state.status !== "idle" ? (
        <p className={state.status === "ok" ? "notice" : "alert"} role={state.status === "ok" ? "status" : "alert"}>
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="lang" value={lang} />
      <div className="table-wrap">
        <table className="translation-table">
          <thead>
            <tr>
              <th scope="col">{labels.text}</th>
              <th scope="col">{labels.source}</th>
              <th scope="col">{labels.target}</th>
              <th scope="col">{labels.status}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-text-id={r.id} data-state={r.state}>
                <th scope="row" className="mono" dir="ltr">
                  {r.context}
                  <input type="hidden" name="id" value={r.id} />
                </th>
                <td lang="sv" dir="ltr">
                  {r.source}
                </td>
                <td>
                  <textarea
                    name={`value:${r.id}`}
                    lang={lang}
                    dir={dir}
                    rows={2}
                    defaultValue={r.target}
                    aria-label={names[r.id]?.target}
                  />
                </td>
                <td>
                  <p className={`state-${r.state}`}>{labels[`state_${r.state}`]}</p>
                  <div className="check">
                    <input
                      id={`reviewed-${r.id}`}
                      name={`reviewed:${r.id}`}
                      type="checkbox"
                      defaultChecked={r.state === "reviewed"}
                      aria-label={names[r.id]?.reviewed}
                    />
                    <label htmlFor={`reviewed-${r.id}`}>{labels.markReviewed}</label>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {labels.save}
        </button>
      </div>
    </form>
  );
}
