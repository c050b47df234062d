import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../access/access.ts';
import { PledgeNotFoundError } from '../../errors.ts';
import { sha256Hex } from '../../primitives/canonical.ts';
import type { Pledge } from '../../primitives/records.ts';

export function pledgeTokenMatches(pledge: Pledge, token: string): boolean {
  const given = Buffer.from(sha256Hex(token), 'hex');
  const kept = Buffer.from(pledge.manageTokenHash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

/**
 * Whether the actor holds this pledge's manage link. A donor with a wrong token learns nothing:
 * to them the pledge does not exist.
 */
export function manageTokenFacts(pledge: Pledge, actor: Actor) {
  if (actor.kind !== 'donor') return { manageTokenMatches: false };
  if (!pledgeTokenMatches(pledge, actor.manageToken))
    throw new PledgeNotFoundError(pledge.pledgeId);
  return { manageTokenMatches: true };
}
