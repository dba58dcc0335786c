export { default } from "@/modules/staff-home/pages/home";
