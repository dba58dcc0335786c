/**
 * Free-text answers are shown and exported with phone numbers, e-mail addresses and Swedish personal
 * identity numbers masked, even though respondents are asked not to write them. Pure.
 */
export type MaskLabels = { phone: string; email: string; personalNumber: string };

const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// YYMMDD-XXXX, YYMMDD+XXXX, YYYYMMDDXXXX, YYYYMMDD-XXXX (with a plausible month and day).
const personalNumber = /\b(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+ ]?\d{4}\b/g;
// Swedish and international phone numbers: at least 7 digits with spaces, dashes or brackets between.
const phone = /(?:\+|00)?\d[\d\s\-()]{6,}\d/g;

export function maskText(text: string, labels: MaskLabels): string {
  return text
    .replace(email, `[${labels.email}]`)
    .replace(personalNumber, `[${labels.personalNumber}]`)
    .replace(phone, (match) => (match.replace(/\D/g, "").length >= 7 ? `[${labels.phone}]` : match));
}
