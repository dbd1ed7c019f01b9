import { CLI_PRINCIPAL } from '../common.js';
import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';

/** `homecoming user create|disable`: staff accounts, through the admin service as the HTTP API does. */
export function registerUser(program: Command): void {
  const user = program.command('user').description('staff accounts');
  user
    .command('create')
    .description('create a user with a password (read from standard input, or prompted)')
    .requiredOption('--username <name>', 'login name: 3-64 letters, digits, dot, dash, underscore')
    .addOption(new Option('--role <role>', 'staff role').choices(ROLES).makeOptionMandatory())
    .option('--organisation <name>', 'organisation (created if missing; default: the built-in Registry)')
    .action(async (o: { username: string; role: Role; organisation?: string }) => {
      const { ZUsernameSchema } = await import('../../modules/auth/schemas.js');
      const { hashPassword, PASSWORD_LENGTH } = await import('../../auth/secrets.js');
      const { readPassword } = await import('../password.js');
      const username = ZUsernameSchema.safeParse(o.username);
      if (!username.success)
        throw new AppError('bad_request', `--username: ${username.error.issues[0]?.message}`);
      const password = await readPassword(`password for ${username.data}: `);
      if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
        throw new AppError(
          'bad_request',
          `the password must be ${PASSWORD_LENGTH.min}-${PASSWORD_LENGTH.max} characters`,
        );
      }
      const passwordHash = await hashPassword(password);
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { createUserWithPassword } = await import('../../modules/admin/service.js');
      const config = loadConfig();
      const created = await withDatabase(config, (database) =>
        createUserWithPassword(
          database,
          CLI_PRINCIPAL,
          { username: username.data, role: o.role, organisationName: o.organisation, passwordHash },
          {},
        ),
      );
      console.log(
        `created ${created.role} ${created.username} (${created.id}); the second factor is enrolled at first login`,
      );
    });
  user
    .command('disable')
    .description('disable a user: ends all their sessions and API tokens at once')
    .requiredOption('--username <name>', 'login name')
    .action(async (o: { username: string }) => {
      const { loadConfig } = await import('../../config.js');
      const { withDatabase } = await import('../database.js');
      const { disableUserByUsername } = await import('../../modules/admin/service.js');
      const config = loadConfig();
      await withDatabase(config, (database) =>
        disableUserByUsername(database, CLI_PRINCIPAL, o.username, {}),
      );
      console.log(`disabled ${o.username}`);
    });
}
