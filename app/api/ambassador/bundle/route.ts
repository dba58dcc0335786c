export { GET } from "@/modules/ambassador/routes/bundle";
