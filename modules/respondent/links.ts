/** Public links to a survey: what goes on posters and in QR codes (no locale: the browser's language is used). */
import QRCode from "qrcode";

export function publicOrigin(): string {
  return (process.env.PUBLIC_URL ?? process.env.BETTER_AUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

export function surveyLink(code: string, referral?: string): string {
  return `${publicOrigin()}/s/${code}${referral ? `?r=${encodeURIComponent(referral)}` : ""}`;
}

export function qrSvg(link: string): Promise<string> {
  return QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
