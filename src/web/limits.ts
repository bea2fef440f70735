/** Limits shared with the server's rules (kept in step with src/server/platform/auth/password.ts). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
