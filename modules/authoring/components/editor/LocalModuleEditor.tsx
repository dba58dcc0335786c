"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { type Resolver, useFieldArray, useForm, useWatch } from "react-hook-form";
import { type LocalModuleContent, localModuleShapeSchema } from "@/lib/battery/schema";
import { saveLocalModuleAction } from "@/modules/authoring/local-module-actions";
import type { Messages } from "@/lib/i18n/messages";
import { FieldError, FieldErrorLabels } from "./FieldError";
import { format } from "./format";
import { MoveButtons } from "./MoveButtons";
import { freeKey } from "@/lib/battery/keys";

type Props = {
  locale: string;
  municipality: string;
  content: LocalModuleContent;
  loadedAt: string;
  labels: Messages["localModule"];
  languages: { code: string; name: string; dir: "ltr" | "rtl" }[];
};

/** A municipality's catalogue of interventions: react-hook-form over the same shape schema the server saves with. */
export function LocalModuleEditor({
  locale,
  municipality,
  content,
  loadedAt: initialLoadedAt,
  labels,
  languages,
}: Props) {
  // The schema's input type is widened by the per-language text annotation; its output is exactly the content type.
  const form = useForm<LocalModuleContent>({
    defaultValues: content,
    resolver: zodResolver(localModuleShapeSchema) as unknown as Resolver<LocalModuleContent>,
  });
  const { control, register, handleSubmit, formState, getValues } = form;
  const catalogue = useFieldArray({ control, name: "catalogue" });
  const items = useWatch({ control, name: "catalogue" }) ?? [];
  const [loadedAt, setLoadedAt] = useState(initialLoadedAt);
  const [result, setResult] = useState<{ kind: "ok" | "error"; message: string; problems?: string[] } | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (publish: boolean) =>
    handleSubmit(
      (data) =>
        startTransition(async () => {
          const r = await saveLocalModuleAction({ locale, municipality, loadedAt, content: data, publish });
          if (r.loadedAt !== undefined) setLoadedAt(r.loadedAt);
          if (r.status === "ok") form.reset(data);
          setResult({
            kind: r.status === "ok" ? "ok" : "error",
            message: r.message,
            problems: r.status === "error" ? r.problems : undefined,
          });
        }),
      () => setResult({ kind: "error", message: labels.invalid }),
    );

  return (
    <FieldErrorLabels.Provider value={labels}>
      <form onSubmit={submit(false)} className="stack editor" noValidate>
        {result ? (
          <div className={result.kind === "ok" ? "notice" : "alert"} role={result.kind === "ok" ? "status" : "alert"}>
            <p>{result.message}</p>
            {result.problems?.length ? (
              <ul>
                {result.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <h2>{labels.catalogue}</h2>
        {formState.errors.catalogue?.root || formState.errors.catalogue?.message ? (
          <p className="field-error" role="alert">
            {labels.emptyCatalogue}
          </p>
        ) : null}
        <ol className="editor-options">
          {catalogue.fields.map((field, i) => {
            const key = items[i]?.key ?? "";
            const errors = formState.errors.catalogue?.[i];
            return (
              <li key={field.id} className="card stack">
                <div className="field-row">
                  <div>
                    <label htmlFor={`c${i}-key`}>{labels.key}</label>
                    <input
                      id={`c${i}-key`}
                      type="text"
                      dir="ltr"
                      size={14}
                      {...register(`catalogue.${i}.key`)}
                      aria-invalid={errors?.key ? true : undefined}
                    />
                    <FieldError error={errors?.key} />
                  </div>
                  <div className="grow">
                    <label htmlFor={`c${i}-sv`}>{labels.label}</label>
                    <input
                      id={`c${i}-sv`}
                      type="text"
                      {...register(`catalogue.${i}.label.sv`)}
                      aria-invalid={errors?.label?.sv ? true : undefined}
                    />
                    <FieldError error={errors?.label?.sv} />
                  </div>
                </div>
                <details>
                  <summary>{labels.otherLanguages}</summary>
                  <div className="grid-2">
                    {languages.map((l) => (
                      <div key={l.code}>
                        <label htmlFor={`c${i}-${l.code}`}>{format(labels.labelIn, { language: l.name })}</label>
                        <input
                          id={`c${i}-${l.code}`}
                          type="text"
                          lang={l.code}
                          dir={l.dir}
                          {...register(`catalogue.${i}.label.${l.code}` as `catalogue.${number}.label.sv`, {
                            setValueAs: (v) => (typeof v === "string" && v.trim() !== "" ? v : undefined),
                          })}
                        />
                      </div>
                    ))}
                  </div>
                </details>
                <MoveButtons
                  idPrefix={`c${i}`}
                  index={i}
                  count={catalogue.fields.length}
                  onMove={(to) => catalogue.move(i, to)}
                  onRemove={() => catalogue.remove(i)}
                  upLabel={format(labels.moveUp, { key })}
                  downLabel={format(labels.moveDown, { key })}
                  removeLabel={format(labels.remove, { key })}
                />
              </li>
            );
          })}
        </ol>
        <div>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const key = freeKey(
                getValues("catalogue").map((c) => c.key),
                catalogue.fields.length + 1,
                (n) => `insats_${n}`,
              );
              catalogue.append({ key, label: { sv: "" } });
              requestAnimationFrame(() => document.getElementById(`c${catalogue.fields.length}-sv`)?.focus());
            }}
          >
            {labels.add}
          </button>
        </div>
        <div className="actions">
          <button type="submit" className="secondary" disabled={pending}>
            {pending ? labels.saving : labels.save}
          </button>
          <button type="button" disabled={pending} onClick={submit(true)}>
            {labels.publish}
          </button>
        </div>
      </form>
    </FieldErrorLabels.Provider>
  );
}
