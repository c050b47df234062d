import { describe, expect, it } from 'vitest';
import {
  buildMemoCorpus,
  MEMO_STYLES,
  type MemoStyle,
  matchByReference,
  scoreMemoCorpus,
} from '../../bench/memo-corpus.ts';
import {
  hasValidCheck,
  isLegacyReference,
} from '../../packages/ledger/src/primitives/reference-code.ts';

const styles = Object.keys(MEMO_STYLES) as MemoStyle[];

describe('memo corpus', () => {
  it('is the same for the same seed, and holds new and legacy codes', () => {
    // Act
    const a = buildMemoCorpus(7, 200);
    const b = buildMemoCorpus(7, 200);
    // Assess
    expect(a.cases).toEqual(b.cases);
    expect([...a.references]).toEqual([...b.references]);
    expect([...a.references].some(hasValidCheck)).toBe(true);
    expect([...a.references].some(isLegacyReference)).toBe(true);
    expect(new Set(a.cases.map((c) => c.style))).toEqual(new Set(styles));
    for (const c of a.cases) {
      expect(c.expected === null, c.style).toBe(!MEMO_STYLES[c.style]);
      if (c.expected !== null) expect(a.references.has(c.expected)).toBe(true);
    }
  });
});

describe('matching memos to pledges by reference', () => {
  for (const seed of [1, 2024, 90_924]) {
    it(`never matches the wrong pledge, finds every code it should and none it should not (seed ${seed})`, () => {
      // Prepare
      const corpus = buildMemoCorpus(seed, 4600);
      // Act
      const score = scoreMemoCorpus(corpus, matchByReference);
      // Assess
      expect(score.cases).toBe(4600);
      expect(score.wronglyMatched).toBe(0);
      for (const style of styles) {
        const s = score.byStyle[style];
        expect(s?.cases, style).toBeGreaterThanOrEqual(200);
        if (MEMO_STYLES[style]) expect(s?.matched, style).toBe(s?.cases);
        else expect(s?.unmatched, style).toBe(s?.cases);
      }
    });
  }

  it('counts a matcher that picks the first candidate wrongly on memos naming two', () => {
    // Prepare: a careless matcher, to show the scorer catches it
    const corpus = buildMemoCorpus(5, 460);
    const careless = (memo: string, references: ReadonlySet<string>) =>
      matchByReference(memo.split(' VA ')[0] as string, references);
    // Act
    const score = scoreMemoCorpus(corpus, careless);
    // Assess
    expect(score.byStyle['two-codes']?.wronglyMatched).toBe(score.byStyle['two-codes']?.cases);
  });
});
