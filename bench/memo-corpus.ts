/**
 * A synthetic corpus of bank memos, as banks deliver them (the team's bank-formats notes,
 * "Memos"), and a scorer for a memo → pledge matcher. Seeded, so a run is reproducible. Used by
 * test/unit/memo-corpus.test.ts (asserted) and by the benchmark (printed); no test framework here.
 */
import { referenceCandidates } from '../packages/ledger/src/primitives/memo.ts';
import {
  newReference,
  REFERENCE_ALPHABET,
} from '../packages/ledger/src/primitives/reference-code.ts';

/** How a case's memo was made, and whether the matcher should find its pledge. */
export const MEMO_STYLES = {
  // Memos naming one existing pledge: expected is its code.
  plain: true,
  'diacritics-case': true,
  vietcombank: true,
  napas: true,
  mb: true,
  vietinbank: true,
  bidv: true,
  'split-space': true,
  'split-dot': true,
  glued: true,
  'spaces-in-words': true,
  'name-glued-after': true,
  'no-marker': true,
  legacy: true,
  'legacy-wrapped': true,
  // Memos that must not match: expected is null.
  typo: false,
  transposition: false,
  'not-a-pledge': false,
  'cut-inside-code': false,
  'e-wallet': false,
  'two-codes': false,
  'legacy-typo': false,
  'legacy-without-marker': false,
} as const satisfies Record<string, boolean>;
export type MemoStyle = keyof typeof MEMO_STYLES;

export interface MemoCase {
  memo: string;
  /** The code of the pledge the memo names, or null when it must match none. */
  expected: string | null;
  style: MemoStyle;
}

export interface MemoCorpus {
  /** The codes of the fund's existing pledges: new 7-character ones and some legacy ones. */
  references: Set<string>;
  cases: MemoCase[];
}

/** Looks a memo up: the code of the one pledge it names, or null. */
export type MemoMatcher = (memo: string, references: ReadonlySet<string>) => string | null;

export interface StyleScore {
  cases: number;
  matched: number;
  unmatched: number;
  wronglyMatched: number;
}

export interface MemoScore extends StyleScore {
  byStyle: Record<string, StyleScore>;
}

/** The matcher the ledger uses: exactly one distinct existing code among the candidates. */
export const matchByReference: MemoMatcher = (memo, references) => {
  const existing = new Set(referenceCandidates(memo).filter((code) => references.has(code)));
  return existing.size === 1 ? ([...existing][0] as string) : null;
};

/** mulberry32: a small seeded PRNG, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Đặng', 'Bùi'];
const MIDDLES = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Hữu', 'Thanh', 'Quang'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Mai', 'Ngọc', 'Tâm', 'Tuấn'];
const GREETINGS = ['Ủng hộ', 'ung ho', 'UNG HO', 'Ủng Hộ', 'ủng hộ'];
const EXTRAS = ['quỹ an ninh', 'bà con vùng lũ', 'đợt 2', 'chúc mọi người bình an', 'gia đình'];

/**
 * A corpus of `size` cases over every style, spread evenly, from `seed`. About 2,000 new codes
 * and 300 legacy ones exist; no legacy code is the body of a new one (a memo cut inside a new
 * code would otherwise name that legacy pledge, which is right but not what the case tests).
 */
export function buildMemoCorpus(seed: number, size: number): MemoCorpus {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const bytes = () => Uint8Array.from({ length: 6 }, () => int(256));
  const legacyCode = () => newReference(bytes()).slice(0, 6);

  const fresh: string[] = [];
  const legacy: string[] = [];
  const references = new Set<string>();
  const bodies = new Set<string>();
  while (fresh.length < 2000) {
    const code = newReference(bytes());
    if (references.has(code)) continue;
    fresh.push(code);
    references.add(code);
    bodies.add(code.slice(0, 6));
  }
  while (legacy.length < 300) {
    const code = legacyCode();
    if (references.has(code) || bodies.has(code)) continue;
    legacy.push(code);
    references.add(code);
  }
  /** A code that passes its check but is no pledge's; its body is no legacy pledge's either. */
  const unknownCode = () => {
    for (;;) {
      const code = newReference(bytes());
      if (!references.has(code) && !references.has(code.slice(0, 6))) return code;
    }
  };

  const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');
  const name = () => `${pick(SURNAMES)} ${pick(MIDDLES)} ${pick(GIVEN)}`;
  const bankName = () => stripMarks(name()).toUpperCase();
  const greeting = () => pick(GREETINGS);
  const recase = (text: string) => (random() < 0.3 ? text.toLowerCase() : text);
  const soquyMemo = (code: string) => `${greeting()} ${recase(code)}`;
  const ddmmyy = () => `${pad(1 + int(28))}${pad(1 + int(12))}${pad(20 + int(7))}`;
  const bidvTime = () =>
    `${pad(1 + int(28))}${pad(1 + int(12))}${2020 + int(7)} ${pad(int(24))}:${pad(int(60))}:${pad(int(60))}`;
  const hhmmss = () => `${pad(int(24))}${pad(int(60))}${pad(int(60))}`;
  const splitAt = (code: string, sep: string) => {
    const at = 1 + int(code.length - 1);
    return `${code.slice(0, at)}${sep}${code.slice(at)}`;
  };
  const spaceInside = (word: string) => {
    if (word.length < 3) return word;
    const at = 1 + int(word.length - 1);
    return `${word.slice(0, at)} ${word.slice(at)}`;
  };
  const otherCharacter = (ch: string) => {
    for (;;) {
      const other = pick([...REFERENCE_ALPHABET]);
      if (other !== ch) return other;
    }
  };
  const substitute = (code: string) => {
    const at = int(code.length);
    return code.slice(0, at) + otherCharacter(code[at] as string) + code.slice(at + 1);
  };
  const transpose = (code: string) => {
    for (;;) {
      const at = int(code.length - 1);
      if (code[at] !== code[at + 1]) {
        return code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
      }
    }
  };

  const wrappers: Array<(memo: string) => string> = [
    (memo) =>
      `MBVCB.${digits(10)}.${memo}.CT tu ${digits(10)} ${bankName()} toi ${digits(10)} QUY AN NINH`,
    (memo) => `${digits(6)}.${ddmmyy()}.${hhmmss()}.${memo}`,
    (memo) => `${memo}- Ma GD ACSP/ ${pick(['gz', 'Vx', 'mB'])}${digits(6)}`,
    (memo) => `CT nhanh 247 den: ${memo}`,
    (memo) => `${digits(13)} ${bankName()} ${memo}; thoi gian GD:${bidvTime()}`,
    (memo) => memo,
  ];
  const wrap = (memo: string) => pick(wrappers)(memo);

  const makers: Record<MemoStyle, () => MemoCase> = {
    plain: () => ofCode('plain', pick(fresh), (c) => `UNG HO ${c}`),
    'diacritics-case': () =>
      ofCode('diacritics-case', pick(fresh), (c) => `${greeting()} ${pick(EXTRAS)} ${recase(c)}`),
    vietcombank: () =>
      ofCode(
        'vietcombank',
        pick(fresh),
        (c) =>
          `MBVCB.${digits(10)}.${stripMarks(soquyMemo(c))}.CT tu ${digits(10)} ${bankName()} toi ${digits(10)}`,
      ),
    napas: () =>
      ofCode('napas', pick(fresh), (c) => `${digits(6)}.${ddmmyy()}.${hhmmss()}.${soquyMemo(c)}`),
    mb: () =>
      ofCode('mb', pick(fresh), (c) => `${stripMarks(soquyMemo(c))}- Ma GD ACSP/ gz${digits(6)}`),
    vietinbank: () =>
      ofCode('vietinbank', pick(fresh), (c) =>
        random() < 0.5
          ? `CT nhanh 247 den: ${stripMarks(soquyMemo(c))}`
          : `Chuyen tien den tu NAPAS Noi dung: ${stripMarks(soquyMemo(c))}`,
      ),
    bidv: () =>
      ofCode(
        'bidv',
        pick(fresh),
        (c) =>
          `${digits(13)} ${bankName()} ${stripMarks(soquyMemo(c))}; thoi gian GD:${bidvTime()}`,
      ),
    'split-space': () =>
      ofCode('split-space', pick(fresh), (c) => wrap(`UNG HO ${splitAt(c, ' ')}`)),
    'split-dot': () => ofCode('split-dot', pick(fresh), (c) => wrap(`UNG HO ${splitAt(c, '.')}`)),
    glued: () =>
      ofCode('glued', pick(fresh), (c) =>
        wrap(
          `${pick(['SOQUY', 'UNGHO', 'QUYANNINH', 'UH'])}${c}${random() < 0.5 ? '' : ' CAM ON'}`,
        ),
      ),
    'spaces-in-words': () =>
      ofCode('spaces-in-words', pick(fresh), (c) =>
        wrap(
          `${spaceInside('CHUYEN')} TIEN ${soquyMemo(c)} ${stripMarks(name()).toUpperCase().split(' ').map(spaceInside).join(' ')}`,
        ),
      ),
    'name-glued-after': () =>
      ofCode('name-glued-after', pick(fresh), (c) =>
        wrap(`UNG HO ${c}${stripMarks(name()).toUpperCase().replaceAll(' ', '')}`),
      ),
    'no-marker': () =>
      ofCode('no-marker', pick(fresh), (c) =>
        wrap(`${recase(c)} ${random() < 0.5 ? stripMarks(name()) : name()} ${pick(EXTRAS)}`),
      ),
    legacy: () => ofCode('legacy', pick(legacy), (c) => soquyMemo(c)),
    'legacy-wrapped': () =>
      ofCode('legacy-wrapped', pick(legacy), (c) =>
        wrap(`${stripMarks(soquyMemo(random() < 0.5 ? c : splitAt(c, ' ')))} ${bankName()}`),
      ),
    typo: () => notMatching('typo', wrap(`UNG HO ${substitute(pick(fresh))}`)),
    transposition: () => notMatching('transposition', wrap(`UNG HO ${transpose(pick(fresh))}`)),
    'not-a-pledge': () => notMatching('not-a-pledge', wrap(soquyMemo(unknownCode()))),
    'cut-inside-code': () =>
      notMatching('cut-inside-code', wrap(`UNG HO ${pick(fresh).slice(0, 1 + int(6))}`)),
    'e-wallet': () =>
      notMatching(
        'e-wallet',
        pick([
          `Nap tien vi MoMo ${digits(10)}`,
          `ZaloPay ${digits(12)} nap tien`,
          `VNPAY-QR ${digits(12)} Thanh toan QR`,
          `ShopeePay topup ${digits(10)} ${bankName()}`,
          `TOPUP MOMO ${digits(9)} ${ddmmyy()}`,
          `ViettelMoney nap tien ${digits(10)}`,
        ]),
      ),
    'two-codes': () => {
      const a = pick(fresh);
      let b = pick([...fresh, ...legacy]);
      while (b === a) b = pick(fresh);
      return notMatching('two-codes', wrap(`UNG HO ${a} VA UNG HO ${b}`));
    },
    'legacy-typo': () => {
      for (;;) {
        const typo = substitute(pick(legacy));
        if (!references.has(typo)) return notMatching('legacy-typo', wrap(`UNG HO ${typo}`));
      }
    },
    'legacy-without-marker': () =>
      notMatching(
        'legacy-without-marker',
        wrap(`${pick(['SOQUY', 'QUY AN NINH', 'CK'])} ${pick(legacy)} ${bankName()}`),
      ),
  };
  function ofCode(style: MemoStyle, code: string, memo: (code: string) => string): MemoCase {
    return { memo: memo(code), expected: code, style };
  }
  function notMatching(style: MemoStyle, memo: string): MemoCase {
    return { memo, expected: null, style };
  }

  const styles = Object.keys(MEMO_STYLES) as MemoStyle[];
  const cases = Array.from({ length: size }, (_, i) =>
    makers[styles[i % styles.length] as MemoStyle](),
  );
  return { references, cases };
}

/** How a matcher does on a corpus: overall and by style. */
export function scoreMemoCorpus(
  corpus: MemoCorpus,
  matcher: MemoMatcher = matchByReference,
): MemoScore {
  const empty = (): StyleScore => ({ cases: 0, matched: 0, unmatched: 0, wronglyMatched: 0 });
  const total = empty();
  const byStyle: Record<string, StyleScore> = {};
  for (const c of corpus.cases) {
    const found = matcher(c.memo, corpus.references);
    byStyle[c.style] ??= empty();
    for (const score of [total, byStyle[c.style] as StyleScore]) {
      score.cases++;
      if (found === null) score.unmatched++;
      else if (found === c.expected) score.matched++;
      else score.wronglyMatched++;
    }
  }
  return { ...total, byStyle };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
