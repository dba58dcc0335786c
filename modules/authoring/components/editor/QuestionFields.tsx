"use client";
import { useState } from "react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { type BatteryContent, type Question, questionTypes, type StructuralProblem } from "@/lib/battery/schema";
import type { EditorLabels } from "./BatteryEditor";
import { FieldError } from "./FieldError";
import { describeProblem, format } from "./format";
import { MoveButtons } from "./MoveButtons";
import { ShowIfFields } from "./ShowIfFields";
import { freeKey } from "@/lib/battery/keys";

type Props = {
  moduleIndex: number;
  index: number;
  count: number;
  labels: EditorLabels;
  problems: StructuralProblem[];
  onMove: (to: number) => void;
  onRemove: () => void;
};

const optionalString = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const optionalNumber = (v: unknown) =>
  v === "" || v === null || v === undefined || Number.isNaN(Number(v)) ? undefined : Number(v);
const trueOrUndefined = (v: unknown) => (v ? true : undefined);

/** One question with every property of the reference battery; its publishing problems are listed at the top. */
export function QuestionFields({ moduleIndex: mi, index: qi, count, labels, problems, onMove, onRemove }: Props) {
  const { control, register, formState, setValue, getValues } = useFormContext<BatteryContent>();
  const path = `modules.${mi}.questions.${qi}` as const;
  const options = useFieldArray({ control, name: `${path}.options` });
  const question = (useWatch({ control, name: path }) ?? {}) as Partial<Question>;
  const modules = (useWatch({ control, name: "modules" }) ?? []) as BatteryContent["modules"];
  const earlier = [
    ...modules.slice(0, mi).flatMap((m) => m.questions ?? []),
    ...(modules[mi]?.questions ?? []).slice(0, qi),
  ];
  const scales = Object.keys(getValues("scales") ?? {});
  const errors = formState.errors.modules?.[mi]?.questions?.[qi];
  const id = `m${mi}q${qi}`;
  const key = question.key ?? "";
  const choice = question.type === "single" || question.type === "multi";

  // A new type drops the properties it cannot have, so switching types never leaves hidden problems behind.
  const onTypeChange = (type: Question["type"]) => {
    if (type !== "single" && type !== "multi") {
      options.replace([]);
      setValue(`${path}.optionsFrom`, undefined);
    }
    if (type !== "multi") {
      setValue(`${path}.maxChoices`, undefined);
      setValue(`${path}.exclusiveOption`, undefined);
    }
    if (type !== "scale") setValue(`${path}.scale`, undefined);
    else if (!getValues(`${path}.scale`)) setValue(`${path}.scale`, scales[0]);
  };

  // Open while new or in trouble; after that the coordinator decides. A newly appearing problem opens it again.
  const [open, setOpen] = useState(problems.length > 0 || !question.text?.sv);
  const [problemCount, setProblemCount] = useState(problems.length);
  if (problemCount !== problems.length) {
    setProblemCount(problems.length);
    if (problems.length > problemCount) setOpen(true);
  }

  return (
    <details className="editor-question" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span dir="ltr" className="mono">
          {key}
        </span>{" "}
        {question.text?.sv}
        {problems.length ? (
          <span className="badge">{format(labels.problemCount, { count: problems.length })}</span>
        ) : null}
      </summary>
      <fieldset className="stack">
        <legend className="visually-hidden">{key}</legend>
        {problems.length ? (
          <div className="alert" id={`${id}-problems`}>
            <p>{labels.problems}</p>
            <ul>
              {problems.map((p) => (
                <li key={p.message}>{describeProblem(labels, p)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="field-row">
          <div className="grow">
            <label htmlFor={`${id}-key`}>{labels.questionKey}</label>
            <input
              id={`${id}-key`}
              type="text"
              dir="ltr"
              aria-describedby={`${id}-key-hint`}
              {...register(`${path}.key`)}
              aria-invalid={errors?.key ? true : undefined}
            />
            <p className="hint" id={`${id}-key-hint`}>
              {labels.questionKeyHint}
            </p>
            <FieldError error={errors?.key} />
          </div>
          <div>
            <label htmlFor={`${id}-type`}>{labels.type}</label>
            <select id={`${id}-type`} {...register(`${path}.type`, { onChange: (e) => onTypeChange(e.target.value) })}>
              {questionTypes.map((t) => (
                <option key={t} value={t}>
                  {labels[`type_${t}`]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div>
          <label htmlFor={`${id}-text`}>{labels.text}</label>
          <textarea
            id={`${id}-text`}
            rows={2}
            {...register(`${path}.text.sv`)}
            aria-invalid={errors?.text?.sv ? true : undefined}
          />
          <FieldError error={errors?.text?.sv} />
        </div>
        {question.type === "scale" ? (
          <div>
            <label htmlFor={`${id}-scale`}>{labels.scale}</label>
            <select id={`${id}-scale`} {...register(`${path}.scale`, { setValueAs: optionalString })}>
              {scales.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {choice ? (
          <fieldset className="stack">
            <legend>{labels.options}</legend>
            <ol className="editor-options">
              {options.fields.map((field, oi) => {
                const optionKey = question.options?.[oi]?.key ?? "";
                return (
                  <li key={field.id} className="field-row">
                    <div>
                      <label htmlFor={`${id}o${oi}-key`}>{labels.optionKey}</label>
                      <input
                        id={`${id}o${oi}-key`}
                        type="text"
                        dir="ltr"
                        size={12}
                        {...register(`${path}.options.${oi}.key`)}
                        aria-invalid={errors?.options?.[oi]?.key ? true : undefined}
                      />
                      <FieldError error={errors?.options?.[oi]?.key} />
                    </div>
                    <div className="grow">
                      <label htmlFor={`${id}o${oi}-label`}>{labels.optionLabel}</label>
                      <input
                        id={`${id}o${oi}-label`}
                        type="text"
                        {...register(`${path}.options.${oi}.label.sv`)}
                        aria-invalid={errors?.options?.[oi]?.label?.sv ? true : undefined}
                      />
                      <FieldError error={errors?.options?.[oi]?.label?.sv} />
                    </div>
                    <MoveButtons
                      idPrefix={`${id}o${oi}`}
                      index={oi}
                      count={options.fields.length}
                      onMove={(to) => options.move(oi, to)}
                      onRemove={() => options.remove(oi)}
                      upLabel={format(labels.moveOptionUp, { key: optionKey })}
                      downLabel={format(labels.moveOptionDown, { key: optionKey })}
                      removeLabel={format(labels.removeOption, { key: optionKey })}
                    />
                  </li>
                );
              })}
            </ol>
            <div>
              <button
                type="button"
                className="secondary small"
                onClick={() => {
                  const key = freeKey(
                    (getValues(`${path}.options`) ?? []).map((o) => o.key),
                    options.fields.length + 1,
                    (n) => `a${n}`,
                  );
                  options.append({ key, label: { sv: "" } });
                  requestAnimationFrame(() => document.getElementById(`${id}o${options.fields.length}-label`)?.focus());
                }}
              >
                {labels.addOption}
              </button>
            </div>
            <div>
              <label htmlFor={`${id}-from`}>{labels.optionsFrom}</label>
              <select id={`${id}-from`} {...register(`${path}.optionsFrom`, { setValueAs: optionalString })}>
                <option value="">{labels.optionsFrom_none}</option>
                <option value="municipalities">{labels.optionsFrom_municipalities}</option>
                <option value="catalogue">{labels.optionsFrom_catalogue}</option>
              </select>
            </div>
          </fieldset>
        ) : null}
        {question.type === "multi" ? (
          <div className="field-row">
            <div>
              <label htmlFor={`${id}-max`}>{labels.maxChoices}</label>
              <input
                id={`${id}-max`}
                type="number"
                min={1}
                inputMode="numeric"
                {...register(`${path}.maxChoices`, { setValueAs: optionalNumber })}
              />
              <FieldError error={errors?.maxChoices} />
            </div>
            <div>
              <label htmlFor={`${id}-exclusive`}>{labels.exclusiveOption}</label>
              <select id={`${id}-exclusive`} {...register(`${path}.exclusiveOption`, { setValueAs: optionalString })}>
                <option value="">{labels.none}</option>
                {(question.options ?? []).map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.key}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
        <ShowIfFields path={path} id={id} earlier={earlier} labels={labels} />
        <div>
          <label htmlFor={`${id}-repeat`}>{labels.repeatFor}</label>
          <Controller
            control={control}
            name={`${path}.repeatFor`}
            render={({ field }) => (
              <select
                id={`${id}-repeat`}
                value={field.value?.question ?? ""}
                onChange={(e) => field.onChange(e.target.value ? { question: e.target.value } : undefined)}
                onBlur={field.onBlur}
              >
                <option value="">{labels.repeatForNone}</option>
                {earlier
                  .filter((q) => q.type === "multi" || q.key === field.value?.question)
                  .map((q) => (
                    <option key={q.key} value={q.key}>
                      {q.key}
                    </option>
                  ))}
              </select>
            )}
          />
        </div>
        <div className="check">
          <input
            id={`${id}-sensitive`}
            type="checkbox"
            {...register(`${path}.sensitive`, { setValueAs: trueOrUndefined })}
          />
          <label htmlFor={`${id}-sensitive`}>{labels.sensitive}</label>
        </div>
        <MoveButtons
          idPrefix={id}
          index={qi}
          count={count}
          onMove={onMove}
          onRemove={onRemove}
          upLabel={format(labels.moveQuestionUp, { key })}
          downLabel={format(labels.moveQuestionDown, { key })}
          removeLabel={format(labels.removeQuestion, { key })}
        />
      </fieldset>
    </details>
  );
}
