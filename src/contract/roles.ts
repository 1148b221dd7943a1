// The four roles of an office. Order matters only for display.
export const ROLES = ['admin', 'manager', 'clerk', 'cashier'] as const;
export type Role = (typeof ROLES)[number];
