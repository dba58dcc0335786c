export { GET } from "@/modules/dashboard/routes/export";
