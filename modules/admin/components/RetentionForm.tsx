"use client";
import { useActionState } from "react";
import { type RetentionState, setRetentionAction } from "@/modules/admin/actions";

/** The region's retention period; a plain form that works without JavaScript. */
export function RetentionForm(props: {
  locale: string;
  months: number;
  labels: { label: string; hint: string; save: string };
}) {
  const [state, action, pending] = useActionState<RetentionState, FormData>(setRetentionAction, { status: "idle" });
  return (
    <form action={action} className="stack">
      {state.status !== "idle" ? (
        <p className={state.status === "ok" ? "notice" : "alert"} role={state.status === "ok" ? "status" : "alert"}>
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="locale" value={props.locale} />
      <div>
        <label htmlFor="retention-months">{props.labels.label}</label>
        <p className="hint" id="retention-hint">
          {props.labels.hint}
        </p>
        <input
          id="retention-months"
          name="months"
          type="number"
          min={1}
          max={120}
          step={1}
          required
          defaultValue={props.months}
          aria-describedby="retention-hint"
        />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {props.labels.save}
        </button>
      </div>
    </form>
  );
}
