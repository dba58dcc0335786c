export { GET } from "@/modules/staff-home/routes/poster-qr";
