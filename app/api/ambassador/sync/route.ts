export { POST } from "@/modules/ambassador/routes/sync";
