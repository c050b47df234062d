import { describe, expect, it } from 'vitest';
import { memoBankRefs, nearReferences, normaliseMemo, referenceCandidates } from './memo.ts';
import { checkCharacter, hasValidCheck, oneSubstitutionAway } from './reference-code.ts';

/** A new code: body PT7K2Q and its check character S. */
const CODE = 'PT7K2QS';
/** A second new code, for memos naming two. */
const OTHER = 'KX9M3ZR';
/** A code made before check characters. */
const LEGACY = 'ABC234';

describe('test codes', () => {
  it('are what they claim to be', () => {
    expect(hasValidCheck(CODE)).toBe(true);
    expect(hasValidCheck(OTHER)).toBe(true);
    expect(checkCharacter('PT7K2Q')).toBe('S');
  });
});

describe('normaliseMemo', () => {
  it('strips diacritics, reads đ as D, upper-cases and keeps only A–Z and 0–9', () => {
    expect(normaliseMemo('Ủng hộ quỹ Đoàn kết, đợt 2 (pt7.k2qs)')).toBe(
      'UNGHOQUYDOANKETDOT2PT7K2QS',
    );
    expect(normaliseMemo('UNG HO')).toBe('UNGHO');
  });

  it('gives the same text for the same letters, composed or decomposed', () => {
    expect(normaliseMemo('Ủng hộ'.normalize('NFC'))).toBe(normaliseMemo('Ủng hộ'.normalize('NFD')));
  });

  it('drops spaces put inside words and keeps glued words glued', () => {
    expect(normaliseMemo('CH UYEN TIEN NGUYE N')).toBe('CHUYENTIENNGUYEN');
    expect(normaliseMemo('SOQUYPT7K2QS')).toBe('SOQUYPT7K2QS');
  });
});

describe('referenceCandidates', () => {
  const carries = (memo: string, code = CODE) =>
    expect(referenceCandidates(memo), memo).toContain(code);

  it('finds the code in the memo soquy generates, and in what banks make of it', () => {
    for (const memo of [
      `UNG HO ${CODE}`,
      `Ủng hộ ${CODE.toLowerCase()}`,
      `ung ho quy ${CODE.toLowerCase()}`,
      `MBVCB.3278614421.UNG HO ${CODE}.CT tu 0123456789 NGUYEN VAN A toi 1234567890`,
      `123456.090924.235531.UNG HO ${CODE}`,
      `UNG HO ${CODE}- Ma GD ACSP/ gz333212`,
      `CT nhanh 247 den: UNG HO ${CODE}`,
      `Chuyen tien den tu NAPAS Noi dung: UNG HO ${CODE}`,
      `1234567890 NGUYEN VAN A UNG HO ${CODE}; thoi gian GD:09092024 23:55:31`,
      'UNG HO PT7 K2QS',
      'UNG HO PT7.K2QS',
      'SOQUYPT7K2QS',
      'PT7K2QS NGUYEN VAN AN',
      `CH UYEN TIEN UNG HO ${CODE} NGUYE N VAN A`,
      `UNG HO ${CODE}NGUYENVANAN`,
    ]) {
      carries(memo);
    }
  });

  it('finds a legacy 6-character code only right after UNG HO', () => {
    carries(`UNG HO ${LEGACY}`, LEGACY);
    carries(`MBVCB.3278614421.ung ho ${LEGACY.toLowerCase()}.CT tu 0123456789`, LEGACY);
    carries(`UNG HO ${LEGACY}- Ma GD ACSP/ gz333212`, LEGACY);
    carries(`UNGHO${LEGACY}NGUYENVANA`, LEGACY);
    expect(referenceCandidates(`${LEGACY} UNG HO`)).not.toContain(LEGACY);
    expect(referenceCandidates(`SOQUY ${LEGACY}`)).not.toContain(LEGACY);
    expect(referenceCandidates(`UNG HO QUY ${LEGACY}`)).not.toContain(LEGACY);
  });

  it('finds neither a code with a typo nor one with two characters swapped', () => {
    const typo = 'PT7K3QS';
    const swapped = 'PT7KQ2S';
    expect(referenceCandidates(`UNG HO ${typo}`)).not.toContain(typo);
    expect(referenceCandidates(`UNG HO ${swapped}`)).not.toContain(swapped);
    for (const memo of [`UNG HO ${typo}`, `UNG HO ${swapped}`]) {
      for (const code of referenceCandidates(memo)) expect(code).not.toBe(CODE);
    }
  });

  it('gives every code of a memo naming two, in order, once each', () => {
    const found = referenceCandidates(`UNG HO ${CODE} VA UNG HO ${OTHER} VA ${CODE}`);
    expect(found.indexOf(CODE)).toBeGreaterThanOrEqual(0);
    expect(found.indexOf(CODE)).toBeLessThan(found.indexOf(OTHER));
    expect(found.filter((c) => c === CODE)).toHaveLength(1);
  });

  it('gives only codes whose check passes, and legacy shapes right after the marker', () => {
    const memo = `MBVCB.3278614421.UNG HO ${CODE} NGUYEN VAN AN.CT tu 0123456789 toi 1234567890`;
    const found = referenceCandidates(memo);
    for (const code of found) {
      expect(hasValidCheck(code) || code === CODE.slice(0, 6)).toBe(true);
    }
    // The body of a new code after the marker is also a legacy shape: the store finds no such pledge.
    expect(found).toContain(CODE.slice(0, 6));
  });

  it('does not complete a code cut short with the first letter of a bank suffix', () => {
    // Prepare: bodies whose check character is the first letter of the suffix that follows
    const cases = [
      ['PT7K2H', 'MBVCB.3278614421.UNG HO PT7K2H.CT tu 0123456789 NGUYEN VAN A toi 1234567890'],
      ['PT7K2T', 'UNG HO PT7K2T- Ma GD ACSP/ gz333212'],
      ['PT7K26', '1234567890 NGUYEN VAN A UNG HO PT7K26; thoi gian GD:09092024 23:55:31'],
    ] as const;
    for (const [body, memo] of cases) {
      const completed = body + checkCharacter(body);
      // Act / Assess
      expect(referenceCandidates(memo), memo).not.toContain(completed);
      // Without the suffix's punctuation it is the donor's text, and it completes the code
      const unwrapped = memo.replace(/[.;-] *(CT tu|Ma GD|thoi gian)/, ' $1');
      expect(referenceCandidates(unwrapped), unwrapped).toContain(completed);
      expect(nearReferences(memo), memo).toContain(completed);
    }
  });

  it('finds a code right after a NAPAS or VietinBank prefix, and none straddling it', () => {
    carries(`123456.090924.235535.${CODE}`);
    carries(`CT nhanh 247 den: MBVCB.3278614421.${CODE}.CT tu 0123456789 A toi 1234567890`);
    const straddling = referenceCandidates('123456.090924.235535.UNGHO');
    expect(straddling).toEqual([]);
  });

  it('finds nothing in a memo with no code shape', () => {
    expect(referenceCandidates('')).toEqual([]);
    expect(referenceCandidates('UNG HO')).toEqual([]);
    expect(referenceCandidates('Nap tien vi MoMo 0912345678')).not.toContain(CODE);
  });
});

describe('nearReferences', () => {
  it('offers the codes one substitution away from a code whose check fails', () => {
    // Act
    const near = nearReferences('UNG HO PT7K3QS - Ma GD ACSP/ gz333212');
    // Assess
    expect(near).toContain(CODE);
    for (const code of near) expect(hasValidCheck(code)).toBe(true);
    expect(near).toEqual(expect.arrayContaining(oneSubstitutionAway('PT7K3QS')));
  });

  it('offers a swap of two adjacent characters put back', () => {
    expect(nearReferences('UNG HO PT7KQ2S')).toContain(CODE);
  });

  it('completes a code cut short at the end of the memo, or before a bank suffix', () => {
    expect(nearReferences('UNG HO PT7K2Q')).toEqual([CODE]);
    expect(nearReferences('UNG HO PT7K2Q; thoi gian GD:09092024 23:55:31')).toContain(CODE);
    expect(nearReferences('MBVCB.3278614421.UNG HO PT7K2Q.CT tu 0123456789')).toContain(CODE);
  });

  it('offers nothing when the code after the marker is valid, or nothing follows the marker', () => {
    expect(nearReferences(`UNG HO ${CODE}`)).toEqual([]);
    expect(nearReferences('UNG HO')).toEqual([]);
    expect(nearReferences(`SOQUY PT7K3QS`)).toEqual([]);
  });
});

describe('memoBankRefs', () => {
  it('finds the Vietcombank app wrapper and FT references, in order, upper case', () => {
    expect(
      memoBankRefs(
        'MBVCB.3278614421.UNG HO PT7K2QS.CT tu 0123456789 NGUYEN VAN A toi 1234567890 ft24248050867737',
      ),
    ).toEqual(['MBVCB.3278614421', 'FT24248050867737']);
    expect(memoBankRefs('mbvcb.3278907687.ung ho')).toEqual(['MBVCB.3278907687']);
  });

  it('ignores digits that name no one transaction, and look-alikes glued to other text', () => {
    expect(memoBankRefs('123456.090924.235531.UNG HO PT7K2QS')).toEqual([]);
    expect(memoBankRefs('UNG HO PT7K2QS- Ma GD ACSP/ gz333212')).toEqual([]);
    expect(memoBankRefs('SOFT24248050867737')).toEqual([]);
    expect(memoBankRefs('FT242480508677371')).toEqual([]);
    expect(memoBankRefs('FT2424805086773')).toEqual([]);
  });

  it('gives each reference once', () => {
    expect(memoBankRefs('FT24248050867737 FT24248050867737')).toEqual(['FT24248050867737']);
  });
});
