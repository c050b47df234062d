import { parseArgs } from 'node:util';
import { GLOBAL_ROLES, ROLES, type Role } from '@soquy/ledger';
import { devSigningKey, issueDevToken } from '../dev-auth.ts';

const usage = `usage: npm run token -- --role ${ROLES.join('|')} [--role …] [--fund FUND_ID] --user NAME [--hours N]`;

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    fund: { type: 'string' },
    user: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
const roles = (values.role ?? []) as Role[];
const fail = (message: string) => {
  console.error(`${message}\n${usage}`);
  process.exit(2);
};
if (roles.length === 0 || !roles.every((r) => ROLES.includes(r)))
  fail(`Give --role ${ROLES.join(', ')}.`);
if (!values.user) fail('Give --user NAME.');
if (roles.some((r) => !GLOBAL_ROLES.includes(r)) && !values.fund)
  fail('Treasurer and approver roles are per fund: give --fund FUND_ID.');
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number.');

const key = devSigningKey(process.env.SOQUY_DATA_DIR ?? '.data');
console.log(
  await issueDevToken(key, {
    user: values.user as string,
    roles,
    ...(values.fund ? { fund: values.fund } : {}),
    ttlSeconds: Math.round(hours * 3600),
  }),
);
