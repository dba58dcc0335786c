export { default } from "@/modules/respondent/pages/send";
