// Users as other areas read them.
export { toPublicUser } from './users-repo';
