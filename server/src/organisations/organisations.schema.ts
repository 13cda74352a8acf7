// The account to create (`npm run user:create`, the first admin from the environment, the demo data).
import { z } from 'zod';
import { ROLES } from '../access/viewer.js';
import { email as emailField, newPassword, plainText } from '../http/fields.js';

export const NewUserSchema = z.object({
  org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'org must be an organisation slug (lower-case letters, digits and -)'),
  orgName: plainText('org name', 200, 1).optional(),
  orgKind: z.enum(['cso', 'council', 'government', 'operator', 'other']).optional(),
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  email: emailField,
  name: plainText('name', 100, 1).optional(),
  password: newPassword,
  showNamePublicly: z.boolean().optional(),
}).strict();
export type NewUser = z.input<typeof NewUserSchema>;
