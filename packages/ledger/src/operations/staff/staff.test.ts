import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  type Actor,
  FundNotFoundError,
  InvalidStaffInputError,
  LastApproverError,
  type LedgerStore,
  PUBLIC,
  SignInRequiredError,
  type StaffDirectory,
  type StaffMember,
  StaffNotFoundError,
  staff,
  staffUsernameFor,
} from '../../index.ts';
import { chain, puTrangFund } from '../../primitives/test-fixtures.ts';
import { addFundStaff, listFundStaff, removeFundStaff } from './staff.ts';

/**
 * The decisions of staff management, over the port: who may, what input is good, and that a
 * fund keeps its last approver. The adapters are tested against Cognito's wire protocol
 * (packages/http) and through the local stack (test/api/staff.test.ts).
 */
function directoryOf(members: StaffMember[] = []): StaffDirectory & { members: StaffMember[] } {
  return {
    members,
    listStaff: async (fundId) => members.filter((m) => m.fundId === fundId),
    addStaff: async (fundId, { email, role }) => {
      const member = { username: staffUsernameFor(email), email, role, fundId };
      members.push(member);
      return member;
    },
    removeStaff: async (fundId, username, role) => {
      const at = members.findIndex(
        (m) => m.fundId === fundId && m.username === username && m.role === role,
      );
      members.splice(at, 1);
    },
  };
}

const fundId = puTrangFund.id;
const { head } = chain(fundId, []);
const store = {
  getFund: async (id: string) => (id === fundId ? { fund: puTrangFund, head } : undefined),
} as unknown as LedgerStore;
const admin: Actor = staff({ userId: 'u-admin', username: 'admin', groups: ['admin'] });
const treasurer: Actor = staff({
  userId: 'u-lan',
  username: 'lan',
  groups: [`treasurer:${fundId}`, `approver:${fundId}`],
});
const member = (email: string, role: 'treasurer' | 'approver'): StaffMember => ({
  username: staffUsernameFor(email),
  email,
  role,
  fundId,
});

describe('staff management decisions', () => {
  it('lets an administrator appoint someone, reading the address without case or spaces', async () => {
    const staffDirectory = directoryOf();
    const added = await addFundStaff({ store, staffDirectory }, admin, fundId, {
      email: '  Lan@Example.VN ',
      role: 'treasurer',
    });
    expect(added).toEqual(member('lan@example.vn', 'treasurer'));
    expect(staffDirectory.members).toEqual([added]);
  });

  it.each([
    ['a treasurer and approver of the fund', treasurer, AccessDeniedError],
    ['the public', PUBLIC, SignInRequiredError],
  ])(
    'refuses %s on every staff operation, before the directory is asked',
    async (_, actor, error) => {
      const staffDirectory = directoryOf([member('hoa@example.vn', 'approver')]);
      const deps = { store, staffDirectory };
      await expect(listFundStaff(deps, actor, fundId)).rejects.toBeInstanceOf(error);
      await expect(
        addFundStaff(deps, actor, fundId, { email: 'x@example.vn', role: 'approver' }),
      ).rejects.toBeInstanceOf(error);
      await expect(
        removeFundStaff(deps, actor, fundId, {
          username: staffUsernameFor('hoa@example.vn'),
          role: 'approver',
        }),
      ).rejects.toBeInstanceOf(error);
      expect(staffDirectory.members).toHaveLength(1);
    },
  );

  it.each([
    [{ email: 'not-an-address', role: 'treasurer' }, 'email'],
    [{ email: 'lan@example.vn', role: 'admin' }, 'role'],
    [{ email: 'lan@example.vn', role: 'treasurer', groups: ['admin'] }, 'body'],
  ])('refuses %j, naming the field, adding nobody', async (input, field) => {
    const staffDirectory = directoryOf();
    const adding = addFundStaff({ store, staffDirectory }, admin, fundId, input);
    await expect(adding).rejects.toBeInstanceOf(InvalidStaffInputError);
    await expect(adding).rejects.toHaveProperty(['details', field]);
    expect(staffDirectory.members).toEqual([]);
  });

  it('refuses an unknown fund', async () => {
    const staffDirectory = directoryOf();
    await expect(
      addFundStaff({ store, staffDirectory }, admin, 'no-such-fund', {
        email: 'lan@example.vn',
        role: 'treasurer',
      }),
    ).rejects.toBeInstanceOf(FundNotFoundError);
    expect(staffDirectory.members).toEqual([]);
  });

  it("keeps the fund's last approver, and lets one of two go", async () => {
    const hoa = member('hoa@example.vn', 'approver');
    const staffDirectory = directoryOf([hoa, member('lan@example.vn', 'treasurer')]);
    const deps = { store, staffDirectory };
    const removing = { username: hoa.username, role: 'approver' };
    await expect(removeFundStaff(deps, admin, fundId, removing)).rejects.toBeInstanceOf(
      LastApproverError,
    );
    expect(staffDirectory.members).toHaveLength(2);
    staffDirectory.members.push(member('an@example.vn', 'approver'));
    expect(await removeFundStaff(deps, admin, fundId, removing)).toEqual({ removed: hoa });
    expect(staffDirectory.members.map((m) => m.email)).toEqual(['lan@example.vn', 'an@example.vn']);
  });

  it('refuses to remove a role the person does not hold', async () => {
    const staffDirectory = directoryOf([member('lan@example.vn', 'treasurer')]);
    await expect(
      removeFundStaff({ store, staffDirectory }, admin, fundId, {
        username: staffUsernameFor('lan@example.vn'),
        role: 'approver',
      }),
    ).rejects.toBeInstanceOf(StaffNotFoundError);
    expect(staffDirectory.members).toHaveLength(1);
  });
});
