/**
 * One error type for the whole server. Code decides the HTTP status and the message shown to the
 * user (in Italian or English); `detail` is for logs only and never reaches a client.
 */
import type { Locale } from './i18n.ts';

export const errorCodes = {
  bad_request: { status: 400, it: 'Richiesta non valida.', en: 'Invalid request.' },
  validation: { status: 400, it: 'Alcuni dati non sono validi.', en: 'Some data is not valid.' },
  malformed_json: { status: 400, it: 'Il corpo della richiesta non è JSON valido.', en: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, it: 'Formato del contenuto non supportato.', en: 'Unsupported content type.' },
  payload_too_large: { status: 413, it: 'La richiesta è troppo grande.', en: 'The request is too large.' },
  unauthenticated: { status: 401, it: 'Accesso richiesto.', en: 'You need to log in.' },
  invalid_credentials: { status: 401, it: 'E-mail o password non corretti.', en: 'Wrong e-mail or password.' },
  mfa_required: { status: 401, it: 'Serve il codice di verifica in due passaggi.', en: 'A two-factor code is required.' },
  mfa_invalid: { status: 401, it: 'Codice di verifica non valido.', en: 'Invalid verification code.' },
  mfa_setup_required: { status: 403, it: 'Prima configura la verifica in due passaggi.', en: 'Set up two-factor verification first.' },
  session_expired: { status: 401, it: 'La sessione è scaduta. Accedi di nuovo.', en: 'Your session has expired. Please log in again.' },
  csrf: { status: 403, it: 'Token di sicurezza mancante o non valido. Ricarica la pagina.', en: 'Missing or invalid security token. Reload the page.' },
  forbidden: { status: 403, it: 'Non hai i permessi per questa operazione.', en: 'You are not allowed to do this.' },
  not_found: { status: 404, it: 'Non trovato.', en: 'Not found.' },
  consent_required: { status: 409, it: 'Manca il consenso alla condivisione con questa organizzazione.', en: 'There is no consent to sharing with this organisation.' },
  personal_data: { status: 422, it: 'Il testo sembra contenere dati personali: toglili e invia di nuovo.', en: 'The text seems to contain personal data: remove it and send again.' },
  conflict: { status: 409, it: 'I dati sono stati modificati nel frattempo o esistono già.', en: 'The data changed meanwhile or already exists.' },
  rate_limited: { status: 429, it: 'Troppi tentativi. Riprova più tardi.', en: 'Too many attempts. Try again later.' },
  internal: { status: 500, it: 'Si è verificato un errore interno.', en: 'An internal error occurred.' },
  unavailable: { status: 503, it: 'Servizio momentaneamente non disponibile.', en: 'Service temporarily unavailable.' },
} as const satisfies Record<string, { status: number; it: string; en: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** A problem with one field, shown next to it in forms. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class PonteError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly detail: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** Overrides the generic message, per locale. */
  readonly localized: Partial<Record<Locale, string>> | undefined;

  constructor(options: {
    code: ErrorCode;
    detail?: string;
    issues?: FieldIssue[];
    retryAfterSeconds?: number;
    message?: Partial<Record<Locale, string>>;
  }) {
    super(options.detail ?? options.code);
    this.name = 'PonteError';
    this.code = options.code;
    this.issues = options.issues;
    this.detail = options.detail;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.localized = options.message;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  messageFor(locale: Locale): string {
    return this.localized?.[locale] ?? errorCodes[this.code][locale];
  }
}

export function notFound(detail?: string): PonteError {
  return new PonteError({ code: 'not_found', ...(detail ? { detail } : {}) });
}

export function forbidden(detail?: string): PonteError {
  return new PonteError({ code: 'forbidden', ...(detail ? { detail } : {}) });
}

/** A conflict (a duplicate, a record still in use), with its message in both languages. */
export function conflictError(options: { it: string; en: string; detail: string }): PonteError {
  return new PonteError({ code: 'conflict', detail: options.detail, message: { it: options.it, en: options.en } });
}

/** A problem with one body field found by a rule (not by the schema), in the user's language. */
export function fieldError(options: { locale: Locale; path: string; message: Record<Locale, string> }): PonteError {
  return new PonteError({ code: 'validation', issues: [{ path: `body.${options.path}`, message: options.message[options.locale] }] });
}

export function isPonteError(e: unknown): e is PonteError {
  return e instanceof PonteError;
}
