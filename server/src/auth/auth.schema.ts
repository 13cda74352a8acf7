// Request bodies of /api/auth/* (also read by openapi/).
import { z } from 'zod';
import { email, newPassword, plainText } from '../http/fields.js';

export const LoginBody = z.object({
  email,
  password: z.string({ message: 'password must be text' }).min(1, 'password must not be empty').max(1024, 'password must be at most 1024 characters'),
}).strict();

export const PasswordBody = z.object({
  currentPassword: z.string({ message: 'currentPassword must be text' }).min(1, 'currentPassword must not be empty').max(1024),
  newPassword,
}).strict();

export const ProfileBody = z.object({
  displayName: plainText('displayName', 100, 1).optional(),
  showNamePublicly: z.boolean({ message: 'showNamePublicly must be true or false' }).optional(),
}).strict();
