"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState, useTransition } from "react";
import { FormProvider, type Resolver, useFieldArray, useForm, useWatch } from "react-hook-form";
import { type BatteryContent, batteryShapeSchema, problemsByQuestion } from "@/lib/battery/schema";
import { saveDraftAction } from "@/modules/authoring/actions";
import type { Messages } from "@/lib/i18n/messages";
import { FieldError, FieldErrorLabels } from "./FieldError";
import { ModuleFields } from "./ModuleFields";
import { format } from "./format";
import { freeKey } from "@/lib/battery/keys";

export type EditorLabels = Messages["batteryEditor"];

type Props = { locale: string; content: BatteryContent; loadedAt: string; labels: EditorLabels };

/**
 * The draft editor: one react-hook-form form over the whole battery, validated with the same shape schema the
 * server saves with. Cross-field problems (dangling show-if, duplicate keys) do not block saving a draft; they are
 * recomputed as you type with the same function publishing uses, and shown beside the question they concern.
 */
export function BatteryEditor({ locale, content, loadedAt: initialLoadedAt, labels }: Props) {
  // The schema's input type is widened by the per-language text annotation; its output is exactly BatteryContent.
  const form = useForm<BatteryContent>({
    defaultValues: content,
    resolver: zodResolver(batteryShapeSchema) as unknown as Resolver<BatteryContent>,
    mode: "onSubmit",
  });
  const { control, register, handleSubmit, formState } = form;
  const modules = useFieldArray({ control, name: "modules" });
  const values = useWatch({ control }) as BatteryContent;
  const problems = useMemo(() => problemsByQuestion(values), [values]);
  const problemTotal = [...problems.values()].reduce((n, list) => n + list.length, 0);
  const [loadedAt, setLoadedAt] = useState(initialLoadedAt);
  const [result, setResult] = useState<{ kind: "ok" | "error"; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const save = handleSubmit(
    (data) =>
      startTransition(async () => {
        const r = await saveDraftAction({ locale, loadedAt, content: data });
        if (r.status === "ok") {
          setLoadedAt(r.loadedAt);
          form.reset(data);
        }
        setResult({ kind: r.status === "ok" ? "ok" : "error", message: r.message });
      }),
    () => setResult({ kind: "error", message: labels.saveInvalid }),
  );

  return (
    <FieldErrorLabels.Provider value={labels}>
      <FormProvider {...form}>
        <form onSubmit={save} className="stack editor" noValidate>
          <div className="editor-bar" role="region" aria-label={labels.save}>
            <p aria-live="polite">
              {problemTotal === 0 ? labels.noProblems : format(labels.problemsTotal, { count: problemTotal })}
            </p>
            <button type="submit" disabled={pending}>
              {pending ? labels.saving : labels.save}
            </button>
          </div>
          {result ? (
            <p className={result.kind === "ok" ? "notice" : "alert"} role={result.kind === "ok" ? "status" : "alert"}>
              {result.message}
            </p>
          ) : null}
          <div>
            <label htmlFor="battery-title">{labels.batteryTitle}</label>
            <input
              id="battery-title"
              type="text"
              {...register("title.sv")}
              aria-invalid={formState.errors.title?.sv ? true : undefined}
            />
            <FieldError error={formState.errors.title?.sv} />
          </div>
          <div>
            <label htmlFor="battery-intro">{labels.batteryIntro}</label>
            <textarea
              id="battery-intro"
              rows={3}
              {...register("intro.sv")}
              aria-invalid={formState.errors.intro?.sv ? true : undefined}
            />
            <FieldError error={formState.errors.intro?.sv} />
          </div>
          <h2>{labels.modules}</h2>
          {modules.fields.map((field, mi) => (
            <ModuleFields
              key={field.id}
              index={mi}
              count={modules.fields.length}
              labels={labels}
              problems={problems}
              onMove={(to) => modules.move(mi, to)}
              onRemove={() => modules.remove(mi)}
            />
          ))}
          <div>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const key = freeKey(
                  values.modules?.map((m) => m.key) ?? [],
                  modules.fields.length + 1,
                  (n) => `module${n}`,
                );
                modules.append({ key, title: { sv: "" }, questions: [] });
              }}
            >
              {labels.addModule}
            </button>
          </div>
        </form>
      </FormProvider>
    </FieldErrorLabels.Provider>
  );
}
