// The four roles of an office: declared in the domain's vocabulary (domain/vocabulary.ts).
export { ROLES, type Role } from '../domain/vocabulary';
