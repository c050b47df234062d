import { parseArgs } from 'node:util';
import { GLOBAL_ROLES, ROLES, type Role } from '@soquy/ledger';
import {
  devSigningKey,
  devUsersFile,
  issueDevToken,
  issueDevUserToken,
  UnknownDevUserError,
} from '../dev-auth.ts';

const usage = [
  `usage: npm run token -- --role ${ROLES.join('|')} [--role …] [--fund FUND_ID] --user NAME [--hours N]`,
  '       npm run token -- --user EMAIL_OR_USERNAME [--hours N]   (a dev user an admin added on a staff page)',
].join('\n');

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    fund: { type: 'string' },
    user: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
const roles = (values.role ?? []) as Role[];
const fail = (message: string): never => {
  console.error(`${message}\n${usage}`);
  process.exit(2);
};
if (!values.user) fail('Give --user NAME.');
if (!roles.every((r) => ROLES.includes(r))) fail(`Give --role ${ROLES.join(', ')}.`);
if (roles.some((r) => !GLOBAL_ROLES.includes(r)) && !values.fund)
  fail('Treasurer and approver roles are per fund: give --fund FUND_ID.');
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number.');
const ttlSeconds = Math.round(hours * 3600);

const dataDir = process.env.SOQUY_DATA_DIR ?? '.data';
const key = devSigningKey(dataDir);
if (roles.length === 0) {
  // No role given: sign in as a dev user, with the groups the admin gave them.
  try {
    console.log(
      await issueDevUserToken(key, devUsersFile(dataDir), values.user as string, ttlSeconds),
    );
  } catch (error) {
    if (error instanceof UnknownDevUserError) fail(error.message);
    throw error;
  }
} else {
  console.log(
    await issueDevToken(key, {
      user: values.user as string,
      roles,
      ...(values.fund ? { fund: values.fund } : {}),
      ttlSeconds,
    }),
  );
}
