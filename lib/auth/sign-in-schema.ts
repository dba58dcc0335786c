import { z } from "zod";

/** The sign-in form, shared by the browser form and the server action. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** What the form shows after a failed attempt: the message comes translated from the server. */
export type SignInState = { status: "idle" } | { status: "error"; message: string; email?: string };
