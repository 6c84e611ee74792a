// Roles are defined with the browser contract (lib/protocol/roles.ts); server code reads them here.
export { ROLES, roleSchema, type Role } from "../protocol/roles";
