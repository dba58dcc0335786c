export { GET } from "@/modules/authoring/routes/version-export";
