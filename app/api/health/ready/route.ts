/** Readiness: the database answers; 503 with Retry-After while it is away, so a balancer sends traffic elsewhere. */
export { GET } from "../route";
