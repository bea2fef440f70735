/** Recognises database errors that map to a user-facing answer (both engines report SQLSTATE codes). */

function sqlState(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** unique_violation: a duplicate key. */
export function isUniqueViolation(e: unknown): boolean {
  return sqlState(e) === '23505';
}

/** foreign_key_violation: a reference to a row that does not exist (or is still referenced). */
export function isForeignKeyViolation(e: unknown): boolean {
  return sqlState(e) === '23503';
}
