// npm run user:create -- --org <slug> --role admin|advocate|engineer --email <address> [--name "…"]
//                        [--org-name "…" (creates the organisation if the slug is new)] [--org-kind cso|council|government|operator|other]
//                        [--show-name] [--password … | --password-stdin]
// Without --password/--password-stdin the password is asked for twice on the terminal (not echoed).
// Works on the configured database (DATABASE_URL, or the embedded one in DATA_DIR); migrates first.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { PasswordHasher } from '../auth/passwords.js';
import { createUser, UserCreateError } from '../organisations/users.service.js';
import { NewUserSchema, type NewUser } from '../organisations/organisations.schema.js';

const USAGE = 'usage: npm run user:create -- --org <slug> --role admin|advocate|engineer --email <address> [--name "Full name"] [--org-name "Organisation name"] [--org-kind cso|council|government|operator|other] [--show-name] [--password <pw> | --password-stdin]';

function fail(msg: string): never {
  console.error(msg);
  process.exit(2);
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) fail('No terminal to ask for the password: use --password-stdin (or --password).');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Hide what is typed: write the question once, then nothing for each key.
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asked = false;
  out._writeToOutput = (s: string) => { if (!asked) { process.stderr.write(s); asked = true; } };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

let args;
try {
  args = parseArgs({
    options: {
      org: { type: 'string' }, role: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' },
      'org-name': { type: 'string' }, 'org-kind': { type: 'string' }, 'show-name': { type: 'boolean' },
      password: { type: 'string' }, 'password-stdin': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) { console.log(USAGE); process.exit(0); }
if (!args.org || !args.role || !args.email) fail(USAGE);
if (args.password && args['password-stdin']) fail('Give either --password or --password-stdin, not both.');

let password = args.password;
if (args['password-stdin']) password = await readStdinLine();
if (password === undefined) {
  password = await prompt(`Password for ${args.email} (at least 12 characters): `);
  const again = await prompt('The same password again: ');
  if (again !== password) fail('The two passwords differ; nothing was created.');
}

const input = {
  org: args.org, role: args.role, email: args.email, password,
  ...(args.name ? { name: args.name } : {}),
  ...(args['org-name'] ? { orgName: args['org-name'] } : {}),
  ...(args['org-kind'] ? { orgKind: args['org-kind'] } : {}),
  ...(args['show-name'] ? { showNamePublicly: true } : {}),
} as NewUser;
// Check the input before opening the database (which may take a few seconds).
const checked = NewUserSchema.safeParse(input);
if (!checked.success) {
  console.error(checked.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  process.exit(1);
}

const config = loadConfig({ LOG_LEVEL: 'warn', BACKUP_INTERVAL_MIN: '0', ...process.env });
const database = await openDatabase(config, createLogger(config)).catch((err: Error) => fail(err.message));
let code = 0;
try {
  await migrate(database);
  const r = await createUser(database.db, new PasswordHasher(config.auth.argon2), input);
  console.log(`created ${args.role} ${args.email.trim().toLowerCase()} in organisation '${args.org}'${r.createdOrganisation ? ' (new organisation)' : ''} — user id ${r.id}`);
} catch (err) {
  if (!(err instanceof UserCreateError)) throw err;
  console.error(err.message);
  code = 1;
} finally {
  await database.close();
}
process.exit(code);
