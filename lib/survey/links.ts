/** Public links to a survey: what goes on posters and in QR codes (no locale: the browser's language is used). */
import QRCode from "qrcode";

export function publicOrigin(): string {
  return (process.env.PUBLIC_URL ?? process.env.BETTER_AUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

export function surveyLink(code: string): string {
  return `${publicOrigin()}/s/${code}`;
}

export function surveyQrSvg(code: string): Promise<string> {
  return QRCode.toString(surveyLink(code), { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
