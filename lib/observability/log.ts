/**
 * Structured logs (pino, one JSON object per line on stdout) for the operator's collector. Never personal data:
 * no addresses, e-mail addresses, answers or receipt codes; requests are known by a random request id.
 */
import pino from "pino";

const holder = globalThis as unknown as { __fbLogger?: pino.Logger };

export const logger: pino.Logger = (holder.__fbLogger ??= pino({
  base: { service: "nyanlandas-rost" },
  level: process.env.LOG_LEVEL ?? "info",
  // Belt and braces: fields that could carry personal data are never printed, whoever passes them.
  redact: { paths: ["email", "address", "answers", "receipt", "password", "*.email", "*.password"], remove: true },
}));

/** The error's name, message and code only: a stack or a driver's detail can hold a query with its values. */
export function errorFields(err: unknown): { error: { name?: string; message: string; code?: string } } {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  return {
    error: {
      name: typeof e?.name === "string" ? e.name : undefined,
      message: String(e?.message ?? err),
      code: typeof e?.code === "string" ? e.code : undefined,
    },
  };
}
