"use client";
import { Controller, useFormContext } from "react-hook-form";
import type { BatteryContent, Condition, Question } from "@/lib/battery/schema";
import type { EditorLabels } from "./BatteryEditor";

const ops = ["is", "isNot", "includes", "answeredExcept"] as const;

/** The answers an earlier question can have, with their Swedish labels; undefined where they come at run time. */
function answersOf(q: Question | undefined, content: BatteryContent): { key: string; label: string }[] | undefined {
  if (!q) return undefined;
  if (q.type === "yesno")
    return [
      { key: "yes", label: content.yesno?.yes?.sv ?? "yes" },
      { key: "no", label: content.yesno?.no?.sv ?? "no" },
    ];
  if (q.type === "scale")
    return content.scales?.[q.scale ?? ""]?.options.map((o) => ({ key: o.key, label: o.label.sv }));
  if (q.optionsFrom) return undefined;
  return (q.options ?? []).map((o) => ({ key: o.key, label: o.label?.sv ?? "" }));
}

/**
 * "Show only if": an earlier question, a condition and the answers it is about. Only earlier questions are offered,
 * which rules out cycles; a condition left pointing at a removed question is reported as a problem, not dropped.
 */
export function ShowIfFields({
  path,
  id,
  earlier,
  labels,
}: {
  path: `modules.${number}.questions.${number}`;
  id: string;
  earlier: Question[];
  labels: EditorLabels;
}) {
  const { control, getValues } = useFormContext<BatteryContent>();
  return (
    <Controller
      control={control}
      name={`${path}.showIf`}
      render={({ field }) => {
        const value = field.value as Condition | undefined;
        const target = earlier.find((q) => q.key === value?.question);
        const answers = answersOf(target, getValues());
        const set = (next: Condition | undefined) => field.onChange(next);
        return (
          <fieldset className="stack">
            <legend>{labels.showIf}</legend>
            <div className="field-row">
              <div>
                <label htmlFor={`${id}-showif`}>{labels.showIfQuestion}</label>
                <select
                  id={`${id}-showif`}
                  value={value?.question ?? ""}
                  onChange={(e) =>
                    set(
                      e.target.value
                        ? {
                            question: e.target.value,
                            op: e.target.value === value?.question ? value.op : "is",
                            values: [],
                          }
                        : undefined,
                    )
                  }
                  onBlur={field.onBlur}
                >
                  <option value="">{labels.showIfAlways}</option>
                  {value && !target ? <option value={value.question}>{value.question}</option> : null}
                  {earlier
                    .filter((q) => q.type !== "text" && !q.repeatFor)
                    .map((q) => (
                      <option key={q.key} value={q.key}>
                        {q.key}
                      </option>
                    ))}
                </select>
              </div>
              {value ? (
                <div>
                  <label htmlFor={`${id}-showif-op`}>{labels.showIfOp}</label>
                  <select
                    id={`${id}-showif-op`}
                    value={value.op}
                    onChange={(e) => set({ ...value, op: e.target.value as Condition["op"] })}
                  >
                    {ops.map((op) => (
                      <option key={op} value={op}>
                        {labels[`op_${op}`]}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
            </div>
            {value && answers ? (
              <fieldset>
                <legend>{labels.showIfValues}</legend>
                {answers.map((a) => (
                  <div className="check" key={a.key}>
                    <input
                      id={`${id}-showif-${a.key}`}
                      type="checkbox"
                      checked={value.values.includes(a.key)}
                      onChange={(e) =>
                        set({
                          ...value,
                          values: e.target.checked ? [...value.values, a.key] : value.values.filter((v) => v !== a.key),
                        })
                      }
                    />
                    <label htmlFor={`${id}-showif-${a.key}`}>
                      {a.label} <span className="mono">({a.key})</span>
                    </label>
                  </div>
                ))}
              </fieldset>
            ) : null}
            {value && target && !answers ? <p className="hint">{labels.showIfNoOptions}</p> : null}
          </fieldset>
        );
      }}
    />
  );
}
