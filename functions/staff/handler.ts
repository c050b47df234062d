import { json } from '@soquy/http';
import {
  addFundStaff,
  addStaffInput,
  fundPath,
  listFundStaff,
  manageStaffAccess,
  removeFundStaff,
  removeStaffInput,
} from '@soquy/ledger';
import { byRoute } from '../shared/by-route.ts';
import { startFunction } from '../shared/runtime.ts';
import { staffDirectory } from '../shared/staff-runtime.ts';

const runtime = startFunction(['staff']);
const deps = { ...runtime.deps, staffDirectory: staffDirectory(runtime) };

/** GET /funds/{fundId}/staff (admin): the fund's treasurers and approvers. */
const listStaff = runtime
  .api({ name: 'staff', operation: manageStaffAccess, input: { path: fundPath } })
  .handler(async (event) =>
    json(200, {
      fundId: event.input.path.fundId,
      staff: await listFundStaff(deps, event.actor, event.input.path.fundId),
    }),
  );

/** POST /funds/{fundId}/staff {email, role} (admin): appoints a treasurer or an approver. */
const addStaff = runtime
  .api({
    name: 'staff',
    operation: manageStaffAccess,
    input: { path: fundPath, body: addStaffInput },
  })
  .handler(async (event) =>
    json(201, await addFundStaff(deps, event.actor, event.input.path.fundId, event.input.body)),
  );

/** POST /funds/{fundId}/staff/remove {username, role} (admin): takes the role away. */
const removeStaff = runtime
  .api({
    name: 'staff',
    operation: manageStaffAccess,
    input: { path: fundPath, body: removeStaffInput },
  })
  .handler(async (event) =>
    json(200, await removeFundStaff(deps, event.actor, event.input.path.fundId, event.input.body)),
  );

/** Staff management: who is treasurer and approver of each fund (Cognito in AWS). */
export const handler = byRoute({
  'GET /funds/{fundId}/staff': listStaff,
  'POST /funds/{fundId}/staff': addStaff,
  'POST /funds/{fundId}/staff/remove': removeStaff,
});
