// RFC 9457 problem details. Every error the API answers is one of these.
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Field-level reasons for validation problems. */
  errors?: { in: string; name: string; reason: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPES = {
  'invalid-parameter': { status: 400, title: 'Invalid request parameter' },
  'invalid-body': { status: 400, title: 'Invalid request body' },
  'unauthenticated': { status: 401, title: 'Sign-in required' },
  'invalid-credentials': { status: 401, title: 'Sign-in failed' },
  'forbidden': { status: 403, title: 'Not allowed' },
  'csrf-token': { status: 403, title: 'Missing or invalid CSRF token' },
  'not-found': { status: 404, title: 'Not found' },
  'conflict': { status: 409, title: 'Conflict' },
  'unprocessable': { status: 422, title: 'Request does not match its Idempotency-Key' },
  'invalid-transition': { status: 409, title: 'Status change not allowed' },
  'version-conflict': { status: 412, title: 'Changed by someone else' },
  'precondition-required': { status: 428, title: 'If-Match header required' },
  'too-many-attempts': { status: 429, title: 'Too many sign-in attempts' },
  'invalid-geometry': { status: 400, title: 'Invalid geometry' },
  'invalid-file': { status: 400, title: 'The file cannot be imported' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'database-unavailable': { status: 503, title: 'Database unavailable' },
  'database-busy': { status: 503, title: 'Server busy' },
  'insufficient-storage': { status: 507, title: 'The server\'s disk is full' },
  'query-timeout': { status: 503, title: 'Query took too long' },
  'internal': { status: 500, title: 'Internal server error' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** A problem that should reach the client as is. Thrown by routes and services; mapped by one middleware. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: ProblemType;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(
    type: ProblemType,
    detail: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.type = type;
    this.status = PROBLEM_TYPES[type].status;
    this.extensions = extensions;
    this.headers = headers;
  }

  body(instance?: string): ProblemBody {
    return {
      type: `/problems/${this.type}`,
      title: PROBLEM_TYPES[this.type].title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const notFound = (detail: string) => new HttpProblem('not-found', detail);
export const invalidParameter = (
  detail: string,
  errors?: { in: string; name: string; reason: string }[],
) => new HttpProblem('invalid-parameter', detail, errors ? { errors } : {});
