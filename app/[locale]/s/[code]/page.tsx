export { default } from "@/modules/respondent/pages/languages";
