import type { AnswerValue, RunContext, Slot } from "@/lib/battery/logic";
import { MAX_TEXT_LENGTH, optionsFor } from "@/lib/battery/logic";
import type { BatteryContent, Option } from "@/lib/battery/schema";
import { fillPlaceholders, pickText } from "@/lib/battery/text";
import { formatMessage } from "@/lib/i18n/format-message";
import type { Locale } from "@/lib/i18n/locales";
import { fieldName, skipFieldName, specialValue } from "@/modules/respondent/form";
import { BatteryText } from "./BatteryText";

export type QuestionLabels = {
  notTranslated: string;
  preferNotToSay: string;
  chooseAll: string;
  chooseMax: string;
  textLabel: string;
  textHint: string;
};

export const domId = (slotId: string) => `s-${slotId.replace(/[^a-z0-9_-]/gi, "-")}`;

function chosenValues(answer: AnswerValue | undefined): string[] {
  if (!answer) return [];
  if (answer.kind === "choice") return [answer.value];
  if (answer.kind === "choices") return answer.values;
  if (answer.kind === "special") return [specialValue(answer.value)];
  return [];
}

/** One question as a fieldset of large, labelled choices: radio buttons, check boxes or a text area. */
export function QuestionField(props: {
  slot: Slot;
  hidden: boolean;
  answer: AnswerValue | undefined;
  error?: string;
  content: BatteryContent;
  ctx: RunContext;
  locale: Locale;
  labels: QuestionLabels;
  /** In an interview, the ambassador can show the Swedish text beside the respondent's language. */
  swedish?: { label: string };
}) {
  const { slot, content, locale, labels } = props;
  const q = slot.question;
  const id = domId(slot.id);
  const name = fieldName(slot.id);
  const chosen = chosenValues(props.answer);
  const itemLabel = slot.item ? pickText(slot.item.label, locale).text : undefined;
  const describedBy =
    [props.error ? `${id}-error` : null, q.type === "multi" || q.type === "text" ? `${id}-hint` : null]
      .filter(Boolean)
      .join(" ") || undefined;

  let options: Option[] = [];
  if (q.type === "scale") options = content.scales[q.scale ?? ""]?.options ?? [];
  else if (q.type === "yesno")
    options = [
      { key: "yes", label: content.yesno.yes },
      { key: "no", label: content.yesno.no },
    ];
  else if (q.type === "single" || q.type === "multi") options = optionsFor(q, props.ctx);

  const inputType = q.type === "multi" ? "checkbox" : "radio";
  const specials = q.type === "scale" ? (["dont_know", "no_answer"] as const) : (["no_answer"] as const);

  return (
    <fieldset className="question" id={id} data-slot={slot.id} hidden={props.hidden} aria-describedby={describedBy}>
      <legend>
        <BatteryText
          text={q.text}
          locale={locale}
          notTranslated={labels.notTranslated}
          values={itemLabel ? { intervention: itemLabel } : undefined}
        />
      </legend>
      {props.swedish && locale !== "sv" ? (
        <p className="sv-text">
          {props.swedish.label}{" "}
          <span lang="sv" dir="ltr">
            {itemLabel ? fillPlaceholders(q.text.sv, { intervention: slot.item?.label.sv ?? "" }) : q.text.sv}
          </span>
        </p>
      ) : null}
      {q.type === "multi" ? (
        <p className="hint" id={`${id}-hint`}>
          {q.maxChoices ? formatMessage(locale, labels.chooseMax, { max: q.maxChoices }) : labels.chooseAll}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      {q.type === "text" ? (
        <>
          <label htmlFor={`${id}-text`} className="visually-hidden">
            {labels.textLabel}
          </label>
          <textarea
            id={`${id}-text`}
            name={name}
            rows={4}
            maxLength={MAX_TEXT_LENGTH}
            defaultValue={props.answer?.kind === "text" ? props.answer.value : ""}
          />
          <p className="hint" id={`${id}-hint`}>
            {labels.textHint}
          </p>
          <div className="options special">
            <label className="option">
              <input
                type="checkbox"
                name={skipFieldName(slot.id)}
                value="~no_answer"
                defaultChecked={props.answer?.kind === "special"}
              />
              <span>{labels.preferNotToSay}</span>
            </label>
          </div>
        </>
      ) : (
        <>
          <div
            className={`options ${q.type === "scale" ? "scale" : ""}`}
            data-max={q.maxChoices}
            data-exclusive={q.exclusiveOption}
          >
            {options.map((o) => (
              <label className="option" key={o.key}>
                <input type={inputType} name={name} value={o.key} defaultChecked={chosen.includes(o.key)} />
                <span>
                  <BatteryText text={o.label} locale={locale} notTranslated={labels.notTranslated} />
                </span>
              </label>
            ))}
          </div>
          <div className="options special">
            {specials.map((s) => (
              <label className="option" key={s}>
                <input
                  type={inputType}
                  name={name}
                  value={specialValue(s)}
                  defaultChecked={chosen.includes(specialValue(s))}
                  data-special=""
                />
                <span>
                  <BatteryText text={content.special[s]} locale={locale} notTranslated={labels.notTranslated} />
                </span>
              </label>
            ))}
          </div>
        </>
      )}
    </fieldset>
  );
}
