/** The two answers every question offers besides its own options. Kept free of zod so browser code stays small. */
export const specialAnswers = ["dont_know", "no_answer"] as const;
export type SpecialAnswer = (typeof specialAnswers)[number];
