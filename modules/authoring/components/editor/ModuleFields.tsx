"use client";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import type { BatteryContent, StructuralProblem } from "@/lib/battery/schema";
import type { EditorLabels } from "./BatteryEditor";
import { FieldError } from "./FieldError";
import { describeProblem, format } from "./format";
import { MoveButtons } from "./MoveButtons";
import { QuestionFields } from "./QuestionFields";
import { freeKey } from "@/lib/battery/keys";

type Props = {
  index: number;
  count: number;
  labels: EditorLabels;
  problems: Map<string, StructuralProblem[]>;
  onMove: (to: number) => void;
  onRemove: () => void;
};

/** One module: its key, Swedish title, whether it is optional, and its questions in order. */
export function ModuleFields({ index: mi, count, labels, problems, onMove, onRemove }: Props) {
  const { control, register, formState, getValues } = useFormContext<BatteryContent>();
  const questions = useFieldArray({ control, name: `modules.${mi}.questions` });
  const key = useWatch({ control, name: `modules.${mi}.key` }) ?? "";
  const errors = formState.errors.modules?.[mi];
  const moduleProblems = problems.get(`modules.${mi}`) ?? [];
  const id = `m${mi}`;
  return (
    <section className="card stack editor-module" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{format(labels.module, { n: mi + 1, key })}</h3>
      {moduleProblems.length ? (
        <div className="alert" role="group" aria-label={labels.problems}>
          <ul>
            {moduleProblems.map((p) => (
              <li key={p.message}>{describeProblem(labels, p)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="field-row">
        <div>
          <label htmlFor={`${id}-key`}>{labels.moduleKey}</label>
          <input
            id={`${id}-key`}
            type="text"
            dir="ltr"
            {...register(`modules.${mi}.key`)}
            aria-invalid={errors?.key ? true : undefined}
          />
          <FieldError error={errors?.key} />
        </div>
        <div className="grow">
          <label htmlFor={`${id}-title`}>{labels.moduleTitle}</label>
          <input
            id={`${id}-title`}
            type="text"
            {...register(`modules.${mi}.title.sv`)}
            aria-invalid={errors?.title?.sv ? true : undefined}
          />
          <FieldError error={errors?.title?.sv} />
        </div>
      </div>
      <div className="check">
        <input
          id={`${id}-optional`}
          type="checkbox"
          {...register(`modules.${mi}.optional`, { setValueAs: (v) => (v ? true : undefined) })}
        />
        <label htmlFor={`${id}-optional`}>{labels.moduleOptional}</label>
      </div>
      <MoveButtons
        idPrefix={id}
        index={mi}
        count={count}
        onMove={onMove}
        onRemove={onRemove}
        upLabel={format(labels.moveModuleUp, { key })}
        downLabel={format(labels.moveModuleDown, { key })}
        removeLabel={format(labels.removeModule, { key })}
      />
      <ol className="editor-questions">
        {questions.fields.map((field, qi) => (
          <li key={field.id}>
            <QuestionFields
              moduleIndex={mi}
              index={qi}
              count={questions.fields.length}
              labels={labels}
              problems={problems.get(`modules.${mi}.questions.${qi}`) ?? []}
              onMove={(to) => questions.move(qi, to)}
              onRemove={() => questions.remove(qi)}
            />
          </li>
        ))}
      </ol>
      <div>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const questionKey = freeKey(
              getValues(`modules.${mi}.questions`).map((q) => q.key),
              questions.fields.length + 1,
              (n) => `${key}.q${n}`,
            );
            questions.append({ key: questionKey, type: "single", text: { sv: "" }, options: [] });
            requestAnimationFrame(() => document.getElementById(`${id}q${questions.fields.length}-text`)?.focus());
          }}
        >
          {format(labels.addQuestion, { key })}
        </button>
      </div>
    </section>
  );
}
