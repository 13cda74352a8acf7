// OpenAPI path of GET /api/reminders (reminders.routes.ts), from the schema that validates it.
import { z } from 'zod';
import { RemindersQuery } from './reminders.schema.js';

export function remindersPaths(): Record<string, unknown> {
  const s = z.toJSONSchema(RemindersQuery, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  return {
    '/api/reminders': {
      get: {
        tags: ['commitments'],
        summary: 'Your reminders: the commitments due within REMINDER_DAYS (14) and the late ones, of your organisation\'s campaigns and the campaigns shared with it (ReminderDigest)',
        description: 'dueSoon: not done, due from as_of to as_of + REMINDER_DAYS, soonest first (daysLeft). late: past the due date and not done (status late or broken), most overdue first (daysLate). The status is computed at as_of (the service\'s today by default). The same digest is e-mailed once a day by npm run reminders:send when SMTP is configured.',
        parameters: Object.entries(s.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
        responses: {
          '200': { description: 'ReminderDigest {asOf, dueSoon[], late[]}', content: { 'application/json': {} } },
          '400': { ...problem, description: 'as_of is not a date, or an unknown parameter' },
          '401': { ...problem, description: 'Not signed in' },
        },
      },
    },
  };
}
