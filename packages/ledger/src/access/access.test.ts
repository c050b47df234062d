import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  type Actor,
  actorName,
  approveDisbursementAccess,
  assertAllowed,
  cancelPledgeAccess,
  isAllowed,
  makePledgeAccess,
  openFundAccess,
  type Principal,
  PUBLIC,
  readFundAccess,
  readPledgeAccess,
  recordCardPaymentAccess,
  recorderNameOf,
  recordPaymentAccess,
  rejectDisbursementAccess,
  SelfApprovalError,
  SignInRequiredError,
  staff,
  withdrawDisbursementAccess,
} from '../index.ts';

const member = (username: string, groups: string[]): Actor => {
  const principal: Principal = { userId: `sub-${username}`, username, groups };
  return staff(principal);
};

const treasurerPuTrang = member('thuquy-lan', ['treasurer:pu-trang']);
const approverPuTrang = member('pheduyet-minh', ['approver:pu-trang']);
const admin = member('quantri-hoa', ['admin']);
const donor: Actor = { kind: 'donor', manageToken: 'tok-0123456789abcdefghij' };
const stripe: Actor = { kind: 'processor', name: 'stripe' };

/** The error assertAllowed throws, or undefined when it lets the actor through. */
function refusalOf(run: () => void): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('assertAllowed: per-fund roles', () => {
  it('lets a treasurer of pu-trang record a payment on pu-trang', () => {
    // Prepare
    const facts = { fundId: 'pu-trang' };
    // Act
    const refusal = refusalOf(() => assertAllowed(recordPaymentAccess, treasurerPuTrang, facts));
    // Assess
    expect(refusal).toBeUndefined();
    expect(isAllowed(recordPaymentAccess, treasurerPuTrang, facts)).toBe(true);
  });

  it('refuses the treasurer of pu-trang on duc-pho with a forbidden error naming the fund', () => {
    // Prepare
    const facts = { fundId: 'duc-pho' };
    // Act
    const refusal = refusalOf(() => assertAllowed(recordPaymentAccess, treasurerPuTrang, facts));
    // Assess
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal).toMatchObject({ code: 'forbidden' });
    expect((refusal as Error).message).toContain('a treasurer of fund "duc-pho"');
    expect(isAllowed(recordPaymentAccess, treasurerPuTrang, facts)).toBe(false);
  });

  it('refuses a per-fund role when the operation names no fund', () => {
    // Prepare
    const facts = {};
    // Act
    const refusal = refusalOf(() => assertAllowed(recordPaymentAccess, treasurerPuTrang, facts));
    // Assess
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(isAllowed(recordPaymentAccess, treasurerPuTrang, facts)).toBe(false);
  });

  it('does not let an approver or an admin stand in for a treasurer to record a payment', () => {
    // Prepare
    const facts = { fundId: 'pu-trang' };
    // Act
    const approverRefusal = refusalOf(() =>
      assertAllowed(recordPaymentAccess, approverPuTrang, facts),
    );
    const adminRefusal = refusalOf(() => assertAllowed(recordPaymentAccess, admin, facts));
    // Assess
    expect(approverRefusal).toBeInstanceOf(AccessDeniedError);
    expect(approverRefusal).toMatchObject({ code: 'forbidden' });
    expect(adminRefusal).toBeInstanceOf(AccessDeniedError);
    expect(adminRefusal).toMatchObject({ code: 'forbidden' });
  });

  it('does not let a treasurer approve a disbursement of their own fund', () => {
    // Prepare
    const facts = { fundId: 'pu-trang', recordedBy: 'someone-else' };
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(approveDisbursementAccess, treasurerPuTrang, facts),
    );
    // Assess
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal).toMatchObject({ code: 'forbidden' });
  });

  it('matches group names exactly: treasurer:pu-trang-2 is not treasurer of pu-trang, nor the other way round', () => {
    // Prepare
    const ofPuTrang2 = member('thuquy-hai', ['treasurer:pu-trang-2']);
    const lookalikes = member('thuquy-ba', ['Treasurer:pu-trang', 'treasurer:pu', 'treasurer']);
    // Act
    const onPuTrang = isAllowed(recordPaymentAccess, ofPuTrang2, { fundId: 'pu-trang' });
    const onPuTrang2 = isAllowed(recordPaymentAccess, ofPuTrang2, { fundId: 'pu-trang-2' });
    const puTrangOn2 = isAllowed(recordPaymentAccess, treasurerPuTrang, { fundId: 'pu-trang-2' });
    const lookalikeRefusal = refusalOf(() =>
      assertAllowed(recordPaymentAccess, lookalikes, { fundId: 'pu-trang' }),
    );
    // Assess
    expect(onPuTrang).toBe(false);
    expect(onPuTrang2).toBe(true);
    expect(puTrangOn2).toBe(false);
    expect(lookalikeRefusal).toBeInstanceOf(AccessDeniedError);
  });
});

describe('assertAllowed: the global admin role', () => {
  it('lets an admin open a fund, whatever fund the facts name or none', () => {
    // Prepare
    const factsList = [{}, { fundId: 'pu-trang' }, { fundId: 'duc-pho' }];
    // Act
    const allowed = factsList.map((facts) => isAllowed(openFundAccess, admin, facts));
    // Assess
    expect(allowed).toEqual([true, true, true]);
    expect(() => assertAllowed(openFundAccess, admin, {})).not.toThrow();
  });

  it('does not treat a fund-scoped "admin:pu-trang" group, or a treasurer, as an admin', () => {
    // Prepare
    const scopedAdmin = member('quantri-gia', ['admin:pu-trang']);
    // Act
    const scopedRefusal = refusalOf(() =>
      assertAllowed(openFundAccess, scopedAdmin, { fundId: 'pu-trang' }),
    );
    const treasurerRefusal = refusalOf(() => assertAllowed(openFundAccess, treasurerPuTrang, {}));
    // Assess
    expect(scopedRefusal).toBeInstanceOf(AccessDeniedError);
    expect(treasurerRefusal).toBeInstanceOf(AccessDeniedError);
    expect((treasurerRefusal as Error).message).toContain('an administrator');
  });
});

describe('assertAllowed: who is asking and whether they are signed in', () => {
  it('asks a public visitor to sign in for a staff-only operation (unauthorized)', () => {
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(recordPaymentAccess, PUBLIC, { fundId: 'pu-trang' }),
    );
    // Assess
    expect(refusal).toBeInstanceOf(SignInRequiredError);
    expect(refusal).toMatchObject({ code: 'unauthorized' });
  });

  it('asks a donor holding a manage link to sign in for a staff-only operation too', () => {
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(approveDisbursementAccess, donor, {
        fundId: 'pu-trang',
        manageTokenMatches: true,
      }),
    );
    // Assess
    expect(refusal).toBeInstanceOf(SignInRequiredError);
  });

  it('tells a signed-in staff member without the role they are forbidden, not to sign in', () => {
    // Prepare
    const nobody = member('canbo-tuan', []);
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(recordPaymentAccess, nobody, { fundId: 'pu-trang' }),
    );
    // Assess
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal).not.toBeInstanceOf(SignInRequiredError);
    expect(refusal).toMatchObject({ code: 'forbidden' });
  });

  it('lets anyone make a pledge and read a fund: public, donor, processor and staff without roles', () => {
    // Prepare
    const actors: Actor[] = [PUBLIC, donor, stripe, member('canbo-tuan', [])];
    // Act
    const pledging = actors.map((a) => isAllowed(makePledgeAccess, a, { fundId: 'pu-trang' }));
    const reading = actors.map((a) => isAllowed(readFundAccess, a, {}));
    // Assess
    expect(pledging).toEqual([true, true, true, true]);
    expect(reading).toEqual([true, true, true, true]);
  });
});

describe('assertAllowed: the manage-token grant', () => {
  it("opens a pledge's page to a donor only when their manage token matched", () => {
    // Prepare
    const facts = { fundId: 'pu-trang' };
    // Act
    const matched = isAllowed(readPledgeAccess, donor, { ...facts, manageTokenMatches: true });
    const unmatchedRefusal = refusalOf(() =>
      assertAllowed(readPledgeAccess, donor, { ...facts, manageTokenMatches: false }),
    );
    const unsaid = isAllowed(readPledgeAccess, donor, facts);
    // Assess
    expect(matched).toBe(true);
    expect(unmatchedRefusal).toBeInstanceOf(AccessDeniedError);
    expect(unsaid).toBe(false);
  });

  it('does not let anyone but a donor use the manage-token grant, even with a matching fact', () => {
    // Prepare
    const facts = { fundId: 'pu-trang', manageTokenMatches: true };
    // Act
    const results = [PUBLIC, stripe, admin, treasurerPuTrang].map((actor) =>
      isAllowed(readPledgeAccess, actor, facts),
    );
    // Assess
    expect(results).toEqual([false, false, false, false]);
  });

  it('lets the donor with the link or a treasurer of the fund cancel a pledge, and no one else', () => {
    // Prepare
    const facts = { fundId: 'pu-trang' };
    // Act
    const byDonor = isAllowed(cancelPledgeAccess, donor, { ...facts, manageTokenMatches: true });
    const byTreasurer = isAllowed(cancelPledgeAccess, treasurerPuTrang, facts);
    const byOtherTreasurer = isAllowed(cancelPledgeAccess, treasurerPuTrang, {
      fundId: 'duc-pho',
    });
    const wrongTokenRefusal = refusalOf(() =>
      assertAllowed(cancelPledgeAccess, donor, { ...facts, manageTokenMatches: false }),
    );
    // Assess
    expect(byDonor).toBe(true);
    expect(byTreasurer).toBe(true);
    expect(byOtherTreasurer).toBe(false);
    // A donor can use this operation without signing in, so they are refused, not asked to sign in.
    expect(wrongTokenRefusal).toBeInstanceOf(AccessDeniedError);
    expect((wrongTokenRefusal as Error).message).toContain(
      "the holder of the pledge's manage link",
    );
  });
});

describe('assertAllowed: the processor grant', () => {
  it('lets only Stripe record a card payment', () => {
    // Prepare
    const facts = { fundId: 'pu-trang' };
    const otherProcessor = { kind: 'processor', name: 'paypal' } as unknown as Actor;
    // Act
    const byStripe = isAllowed(recordCardPaymentAccess, stripe, facts);
    const others = [PUBLIC, donor, admin, treasurerPuTrang, otherProcessor].map((actor) =>
      isAllowed(recordCardPaymentAccess, actor, facts),
    );
    const publicRefusal = refusalOf(() => assertAllowed(recordCardPaymentAccess, PUBLIC, facts));
    // Assess
    expect(byStripe).toBe(true);
    expect(others).toEqual([false, false, false, false, false]);
    expect(publicRefusal).toBeInstanceOf(AccessDeniedError);
  });
});

describe('assertAllowed: maker-checker (not-the-recorder)', () => {
  it('refuses an approver who recorded the disbursement themselves with self_approval', () => {
    // Prepare
    const facts = { fundId: 'pu-trang', recordedBy: 'pheduyet-minh' };
    // Act
    const approveRefusal = refusalOf(() =>
      assertAllowed(approveDisbursementAccess, approverPuTrang, facts),
    );
    const rejectRefusal = refusalOf(() =>
      assertAllowed(rejectDisbursementAccess, approverPuTrang, facts),
    );
    // Assess
    expect(approveRefusal).toBeInstanceOf(SelfApprovalError);
    expect(approveRefusal).toMatchObject({ code: 'self_approval' });
    expect(rejectRefusal).toBeInstanceOf(SelfApprovalError);
    expect(isAllowed(approveDisbursementAccess, approverPuTrang, facts)).toBe(false);
  });

  it('refuses the recorder even when they hold both roles of the fund', () => {
    // Prepare
    const both = member('thuquy-lan', ['treasurer:pu-trang', 'approver:pu-trang']);
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(approveDisbursementAccess, both, {
        fundId: 'pu-trang',
        recordedBy: 'thuquy-lan',
      }),
    );
    // Assess
    expect(refusal).toBeInstanceOf(SelfApprovalError);
  });

  it('lets an approver of the fund decide on what someone else recorded', () => {
    // Prepare
    const facts = { fundId: 'pu-trang', recordedBy: 'thuquy-lan' };
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(approveDisbursementAccess, approverPuTrang, facts),
    );
    // Assess
    expect(refusal).toBeUndefined();
    expect(isAllowed(rejectDisbursementAccess, approverPuTrang, facts)).toBe(true);
  });

  it('refuses an approver of another fund with forbidden, not self_approval', () => {
    // Prepare
    const approverDucPho = member('pheduyet-minh', ['approver:duc-pho']);
    // Act
    const refusal = refusalOf(() =>
      assertAllowed(approveDisbursementAccess, approverDucPho, {
        fundId: 'pu-trang',
        recordedBy: 'pheduyet-minh',
      }),
    );
    // Assess
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal).toMatchObject({ code: 'forbidden' });
  });
});

describe('assertAllowed: only the recorder (withdrawing a request)', () => {
  const facts = { fundId: 'pu-trang', recordedBy: 'thuquy-lan' };

  it('lets the treasurer who recorded the request withdraw it', () => {
    expect(isAllowed(withdrawDisbursementAccess, treasurerPuTrang, facts)).toBe(true);
  });

  it('refuses another treasurer of the fund, an approver and a treasurer of another fund', () => {
    // Prepare
    const otherTreasurer = member('thuquy-tuan', ['treasurer:pu-trang']);
    const elsewhere = member('thuquy-lan', ['treasurer:duc-pho']);
    // Act
    const refusals = [otherTreasurer, approverPuTrang, elsewhere].map((actor) =>
      refusalOf(() => assertAllowed(withdrawDisbursementAccess, actor, facts)),
    );
    // Assess
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect((refusals[0] as Error).message).toMatch(/only the staff member who recorded it/);
  });
});

describe('recorderNameOf: the name the journal gives what a staff member records', () => {
  it('is the username when it is a handle, so an approver who recorded a request is recognised', () => {
    // prepare / act / assess
    expect(recorderNameOf({ username: 'lan', userId: 'sub-1' })).toBe(
      actorName(staff({ username: 'lan', userId: 'sub-1', groups: [] })),
    );
    expect(recorderNameOf({ username: 'lan', userId: 'sub-1' })).toBe('lan');
  });

  it('is derived from the account id when the username is no handle (a Cognito account made by hand)', () => {
    // prepare: a username with a space and an @ is not a valid recordedBy handle
    const member = { username: 'Lan Nguyen@ward', userId: 'a1b2c3' };
    // act
    const name = recorderNameOf(member);
    // assess: the same name the journal wrote when this account recorded the request
    expect(name).toBe(actorName(staff({ ...member, groups: ['treasurer:pu-trang'] })));
    expect(name).not.toBe(member.username);
    expect(name).toMatch(/^staff-[0-9a-f]{12}$/);
  });
});
