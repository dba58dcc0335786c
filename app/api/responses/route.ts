export { POST } from "@/modules/respondent/routes/responses";
