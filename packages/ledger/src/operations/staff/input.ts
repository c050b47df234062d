import * as z from 'zod';
import { STAFF_ROLES, type StaffRole } from '../../ports/staff-directory.ts';

const role = z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]], {
  error: 'must be "treasurer" or "approver"',
});

/** POST /funds/{fundId}/staff: whom to appoint, and as what. */
export const addStaffInput = z.strictObject({
  email: z
    .string({ error: 'must be an email address' })
    .trim()
    .toLowerCase()
    .max(254, 'must be at most 254 characters')
    .pipe(z.email({ error: 'must be an email address, e.g. lan@example.vn' })),
  role,
});
export type AddStaffInput = z.output<typeof addStaffInput>;

/** POST /funds/{fundId}/staff/remove: whose role to take away. */
export const removeStaffInput = z.strictObject({
  username: z
    .string({ error: "must be a username from the fund's staff list" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/, "must be a username from the fund's staff list"),
  role,
});
export type RemoveStaffInput = z.output<typeof removeStaffInput>;
