"use client";
import { useEffect } from "react";
import type { Answers } from "@/lib/battery/logic";
import type { QuestionType } from "@/lib/battery/schema";
import { fieldName } from "@/modules/respondent/form";
import { type DynamicRule, ruleHolds } from "@/modules/respondent/page-flow";

type Field = { slot: string; type: QuestionType };

/**
 * Progressive enhancement of a question page: questions revealed by this page's own answers appear at once
 * (the same pure rules the server uses), an exclusive choice clears the others, and a maximum is enforced
 * while ticking. Without JavaScript the server does all of this on submit.
 */
export function FormEnhancer({ formId, fields, rules }: { formId: string; fields: Field[]; rules: DynamicRule[] }) {
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const shownInput = form.elements.namedItem("shown") as HTMLInputElement | null;

    const fieldset = (slot: string) =>
      form.querySelector<HTMLFieldSetElement>(`fieldset[data-slot="${CSS.escape(slot)}"]`);

    function currentAnswers(): Answers {
      const data = new FormData(form!);
      const answers: Answers = {};
      for (const f of fields) {
        if (fieldset(f.slot)?.hidden) continue;
        const values = data
          .getAll(fieldName(f.slot))
          .filter((v): v is string => typeof v === "string" && v !== "" && !v.startsWith("~"));
        if (!values.length) continue;
        answers[f.slot] = f.type === "multi" ? { kind: "choices", values } : { kind: "choice", value: values[0]! };
      }
      return answers;
    }

    function applyRules() {
      // Twice: a revealed question can itself reveal another on the same page.
      for (let pass = 0; pass < 2; pass++) {
        const answers = currentAnswers();
        for (const rule of rules) {
          const el = fieldset(rule.slot);
          if (el) el.hidden = !ruleHolds(rule, answers);
        }
      }
      if (shownInput) {
        shownInput.value = [...form!.querySelectorAll<HTMLFieldSetElement>("fieldset[data-slot]")]
          .filter((el) => !el.hidden)
          .map((el) => el.dataset.slot)
          .join(",");
      }
    }

    function enforceChoices(target: HTMLInputElement) {
      if (target.type !== "checkbox") return;
      const group = target.closest("fieldset");
      if (!group) return;
      const options =
        group.querySelector<HTMLElement>(".options[data-max], .options[data-exclusive]") ??
        group.querySelector<HTMLElement>(".options");
      const exclusive = options?.dataset.exclusive;
      const boxes = [
        ...group.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name="${CSS.escape(target.name)}"]`),
      ];
      const isExclusive = (b: HTMLInputElement) =>
        b.dataset.special !== undefined || (exclusive !== undefined && b.value === exclusive);
      if (target.checked) {
        for (const b of boxes) if (b !== target && (isExclusive(target) || isExclusive(b))) b.checked = false;
      }
      const max = Number(options?.dataset.max ?? 0);
      if (max > 0) {
        const ticked = boxes.filter((b) => b.checked && !isExclusive(b)).length;
        for (const b of boxes) if (!isExclusive(b)) b.disabled = !b.checked && ticked >= max;
      }
    }

    function onChange(event: Event) {
      const target = event.target;
      if (target instanceof HTMLInputElement) enforceChoices(target);
      if (target instanceof HTMLInputElement && target.name.endsWith(":skip")) {
        const text = target.closest("fieldset")?.querySelector("textarea");
        if (text) text.disabled = target.checked;
      }
      applyRules();
    }
    form.addEventListener("change", onChange);
    applyRules();
    return () => form.removeEventListener("change", onChange);
  }, [formId, fields, rules]);
  return null;
}
