/** How an answer is stored: one row per answered question (per item for repeated ones). Pure. */
import type { AnswerValue, Slot } from "@/lib/battery/logic";
import type { BatteryContent } from "@/lib/battery/schema";

export type AnswerRow = {
  question_key: string;
  item_key: string;
  choice: string | null;
  choices: string[] | null;
  value: number | null;
  text: string | null;
  special: "dont_know" | "no_answer" | null;
  in_handover: boolean;
};

export function toAnswerRow(
  slot: Pick<Slot, "question" | "item">,
  answer: AnswerValue,
  scales: BatteryContent["scales"],
  inHandover: boolean,
): AnswerRow {
  const row: AnswerRow = {
    question_key: slot.question.key,
    item_key: slot.item?.key ?? "",
    choice: null,
    choices: null,
    value: null,
    text: null,
    special: null,
    in_handover: inHandover,
  };
  switch (answer.kind) {
    case "choice": {
      row.choice = answer.value;
      if (slot.question.type === "scale") {
        row.value = scales[slot.question.scale ?? ""]?.options.find((o) => o.key === answer.value)?.value ?? null;
      }
      break;
    }
    case "choices":
      row.choices = answer.values;
      break;
    case "text":
      row.text = answer.value;
      break;
    case "special":
      row.special = answer.value;
      break;
  }
  return row;
}
