/** A publishing problem in the reader's language: "bg.gender.options: A choice question needs answer options." */
import type { PublishProblem } from "./versions";

type Translate = (key: `problem_${string}`, values: Record<string, string>) => string;

export function problemText(t: Translate, p: PublishProblem): string {
  const text = p.code ? t(`problem_${p.code}`, p.params ?? {}) : p.message;
  return p.path ? `${p.path}: ${text}` : text;
}
