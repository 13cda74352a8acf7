// What may reach a log line: never a request body, file contents, a password, a session token or a
// share token. Errors are logged by name, message, code and stack only (a database driver's error can
// carry the statement's bound values, such as the bytes of an uploaded photo); URLs lose their tokens.

/** `/s/{token}…` and `/api/shares/{token}` with the token replaced; the query string dropped. */
export function safeUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/(s|api\/shares)\/[^/]+/, '/$1/[token]');
}

const MAX_MESSAGE = 500;

/** The parts of an error that help an operator, and nothing a request carried. */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err).slice(0, MAX_MESSAGE) };
  const e = err as Error & { code?: unknown; severity?: unknown; routine?: unknown; constraint?: unknown; table?: unknown };
  return {
    type: e.name,
    message: e.message.slice(0, MAX_MESSAGE),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    ...(typeof e.routine === 'string' ? { routine: e.routine } : {}),
    stack: e.stack?.split('\n').slice(0, 12).join('\n'),
  };
}
