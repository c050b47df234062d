import { api, categoryId, instant, json, nonNegativeAmount, slug, text } from '@soquy/http';
import { createFund } from '@soquy/ledger';
import * as z from 'zod';
import { ledgerDeps } from '../shared/runtime.ts';

const fundBody = z.strictObject({
  id: slug,
  name: text(200),
  description: z.string().trim().max(5000).default(''),
  owner: text(200),
  currency: z.literal('VND', { error: 'only VND is supported' }),
  goal: nonNegativeAmount,
  bankAccount: z.strictObject({
    bin: z.string().regex(/^\d{6}$/, 'must be the 6-digit NAPAS bank BIN, e.g. 970436'),
    accountNumber: z.string().regex(/^[0-9A-Za-z]{4,19}$/, 'must be 4 to 19 letters or digits'),
    accountName: text(100),
  }),
  categories: z
    .array(z.strictObject({ id: categoryId, name: text(100) }))
    .min(1, 'list at least one spending category')
    .max(50),
  opensAt: instant,
  closesAt: instant,
});

/** POST /funds (admin): opens a new fund with an empty journal. */
export const handler = api({
  name: 'create-fund',
  role: 'admin',
  input: { body: fundBody },
}).handler(async (event) => {
  const fund = await createFund(
    ledgerDeps(),
    event.input.body,
    event.principal?.username ?? 'admin',
  );
  return json(201, fund, { location: `/funds/${fund.id}` });
});
