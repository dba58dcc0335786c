import { z } from "zod";

/** The sign-in form, shared by the browser form and the server action. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

export type SignInState =
  | { status: "idle" }
  | { status: "error"; error: "invalidInput" | "wrongCredentials" | "deactivated" | "unavailable"; email?: string }
  | { status: "throttled"; seconds: number; email?: string };
