import { describe, expect, it } from 'vitest';
import { type Entry, hashEntry, headTotals, verifyJournal } from '../index.ts';
import { chain, sampleDrafts } from './test-fixtures.ts';

const rehash = (entry: Entry): Entry => {
  const { hash: _old, ...unhashed } = entry;
  return { ...entry, hash: hashEntry(unhashed) };
};

describe('verifyJournal', () => {
  it('accepts an untouched journal and recomputes every balance and the head', () => {
    // Prepare
    const { entries, head } = chain('pu-trang', sampleDrafts());
    // Act
    const report = verifyJournal('pu-trang', entries, {
      seq: head.seq,
      hash: head.hash,
      totals: headTotals(head),
    });
    // Assess
    expect(report.ok).toBe(true);
    expect(report.checked).toBe(4);
    expect(report.head).toEqual({ seq: 4, hash: head.hash });
    expect(report.balances).toEqual(head.balances);
    expect(report.totals.balance).toBe(2_100_000);
  });

  it('names the seq whose memo was edited afterwards', () => {
    const { entries } = chain('f', sampleDrafts());
    entries[1] = { ...entries[1]!, memo: 'edited' };
    const report = verifyJournal('f', entries);
    expect(report.problem).toMatchObject({ seq: 2, reason: 'hash' });
    expect(report.checked).toBe(1);
  });

  it('names the seq whose amount was changed, even when one posting alone was touched', () => {
    const { entries } = chain('f', sampleDrafts());
    const e = entries[2]!;
    entries[2] = { ...e, postings: [{ ...e.postings[0]!, amount: 15_000_000 }, e.postings[1]!] };
    expect(verifyJournal('f', entries).problem).toMatchObject({ seq: 3, reason: 'invalid_entry' });
  });

  it('catches a rewritten entry whose own hash was recomputed, at the next seq', () => {
    const { entries } = chain('f', sampleDrafts());
    entries[1] = rehash({ ...entries[1]!, memo: 'rewritten and rehashed' });
    expect(verifyJournal('f', entries).problem).toMatchObject({ seq: 3, reason: 'prev_hash' });
  });

  it('catches a deleted entry as a gap', () => {
    const { entries } = chain('f', sampleDrafts());
    entries.splice(2, 1);
    expect(verifyJournal('f', entries).problem).toMatchObject({ seq: 3, reason: 'gap' });
  });

  it('catches a journal cut short against the published head', () => {
    const { entries, head } = chain('f', sampleDrafts());
    const report = verifyJournal('f', entries.slice(0, 3), { seq: head.seq, hash: head.hash });
    expect(report.problem).toMatchObject({ seq: 4, reason: 'head_mismatch' });
  });

  it('catches published totals that the journal does not add up to', () => {
    const { entries, head } = chain('f', sampleDrafts());
    const totals = { ...headTotals(head), spent: 1 };
    const report = verifyJournal('f', entries, { seq: head.seq, hash: head.hash, totals });
    expect(report.problem?.reason).toBe('head_mismatch');
    expect(report.problem?.message).toMatch(/spent \(published 1, journal 2400000\)/);
  });

  it('refuses entries of another fund', () => {
    const { entries } = chain('duc-pho', sampleDrafts());
    expect(verifyJournal('pu-trang', entries).problem).toMatchObject({
      seq: 1,
      reason: 'wrong_fund',
    });
  });
});
