import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  hasValidCheck,
  isLegacyReference,
  isReference,
  newReference,
  oneSubstitutionAway,
  REFERENCE_ALPHABET,
  REFERENCE_LENGTH,
} from './reference-code.ts';

/** A deterministic spread of codes: every alphabet character in every body position. */
function sampleCodes(count: number): string[] {
  const codes: string[] = [];
  let state = 12345;
  for (let n = 0; n < count; n++) {
    const bytes = new Uint8Array(6);
    for (let i = 0; i < 6; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      bytes[i] = state >>> 24;
    }
    codes.push(newReference(bytes));
  }
  // Edge cases: repeated characters and the alphabet's ends.
  for (const ch of REFERENCE_ALPHABET) codes.push(ch.repeat(6) + checkCharacter(ch.repeat(6)));
  codes.push(`A9A9A9${checkCharacter('A9A9A9')}`, `9A9A9A${checkCharacter('9A9A9A')}`);
  return codes;
}

const swap = (code: string, i: number, j: number) => {
  const chars = [...code];
  [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  return chars.join('');
};

describe('newReference', () => {
  it('makes 7 characters of the alphabet whose check passes, from the first 6 bytes', () => {
    // Act
    const code = newReference(new Uint8Array([0, 1, 31, 32, 255, 100, 7, 7]));
    // Assess: 0→A, 1→B, 31→9, 32→A, 255→9, 100→4 (100 % 32 = 4 → E)
    expect(code.slice(0, 6)).toBe('AB9A9E');
    expect(code).toHaveLength(REFERENCE_LENGTH);
    expect(hasValidCheck(code)).toBe(true);
    expect(code).toBe(`AB9A9E${checkCharacter('AB9A9E')}`);
  });

  it('refuses fewer than 6 random bytes', () => {
    expect(() => newReference(new Uint8Array(5))).toThrow();
  });

  it('maps bytes without bias: each character from exactly 8 of the 256 byte values', () => {
    // Prepare
    const counts = new Map<string, number>();
    // Act
    for (let b = 0; b < 256; b++) {
      const ch = newReference(new Uint8Array([b, b, b, b, b, b]))[0] as string;
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    // Assess
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(n).toBe(8);
  });

  it('makes valid codes from real random bytes', () => {
    for (let n = 0; n < 1000; n++) expect(hasValidCheck(newReference(randomBytes(6)))).toBe(true);
  });
});

describe('hasValidCheck', () => {
  const codes = sampleCodes(3000);

  it('passes every code made by newReference', () => {
    for (const code of codes) expect(hasValidCheck(code), code).toBe(true);
  });

  it('fails every single-character substitution, in every position, the check character included', () => {
    // Act
    let tried = 0;
    const passed: string[] = [];
    for (const code of codes) {
      for (let i = 0; i < code.length; i++) {
        for (const ch of REFERENCE_ALPHABET) {
          if (ch === code[i]) continue;
          const changed = code.slice(0, i) + ch + code.slice(i + 1);
          tried++;
          if (hasValidCheck(changed)) passed.push(changed);
        }
      }
    }
    // Assess: no exception at all
    expect(tried).toBe(codes.length * 7 * 31);
    expect(passed).toEqual([]);
  });

  it('fails every transposition of two different characters, adjacent or not', () => {
    // Act
    let adjacent = 0;
    const passed: string[] = [];
    for (const code of codes) {
      for (let i = 0; i < code.length; i++) {
        for (let j = i + 1; j < code.length; j++) {
          if (code[i] === code[j]) continue;
          if (j === i + 1) adjacent++;
          const swapped = swap(code, i, j);
          if (hasValidCheck(swapped)) passed.push(swapped);
        }
      }
    }
    // Assess: no exception, "A9" ↔ "9A" (which Luhn mod 32 misses) included
    expect(adjacent).toBeGreaterThan(codes.length * 5);
    expect(passed).toEqual([]);
  });

  it('fails every twin error (aa → bb) in adjacent positions', () => {
    const passed: string[] = [];
    for (const code of codes) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] !== code[i + 1]) continue;
        for (const ch of REFERENCE_ALPHABET) {
          if (ch === code[i]) continue;
          const twin = code.slice(0, i) + ch + ch + code.slice(i + 2);
          if (hasValidCheck(twin)) passed.push(twin);
        }
      }
    }
    expect(passed).toEqual([]);
  });

  it('lets about 1 in 32 random 7-character strings pass: it is a check, not a signature', () => {
    // Prepare
    let state = 99;
    let pass = 0;
    const n = 32_000;
    // Act
    for (let k = 0; k < n; k++) {
      let text = '';
      for (let i = 0; i < 7; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += REFERENCE_ALPHABET[state >>> 27];
      }
      if (hasValidCheck(text)) pass++;
    }
    // Assess
    expect(pass / n).toBeGreaterThan(0.8 / 32);
    expect(pass / n).toBeLessThan(1.2 / 32);
  });

  it('fails what is not 7 upper-case alphabet characters', () => {
    const code = newReference(new Uint8Array([1, 2, 3, 4, 5, 6]));
    expect(hasValidCheck(code.toLowerCase())).toBe(false);
    expect(hasValidCheck(code.slice(0, 6))).toBe(false);
    expect(hasValidCheck(`${code}A`)).toBe(false);
    expect(hasValidCheck(`${code.slice(0, 6)}0`)).toBe(false);
    expect(hasValidCheck('')).toBe(false);
  });
});

describe('checkCharacter', () => {
  it('refuses a body that is not 6 alphabet characters', () => {
    expect(() => checkCharacter('ABCDE')).toThrow();
    expect(() => checkCharacter('ABCDEO')).toThrow();
    expect(() => checkCharacter('abcdef')).toThrow();
  });

  it('is the one character of the alphabet that makes the body valid', () => {
    for (const body of ['PT7K2Q', 'AAAAAA', '999999', 'ZX23YW']) {
      const valid = [...REFERENCE_ALPHABET].filter((ch) => hasValidCheck(body + ch));
      expect(valid).toEqual([checkCharacter(body)]);
    }
  });
});

describe('isLegacyReference and isReference', () => {
  it('knows a legacy code by its shape: 6 alphabet characters', () => {
    expect(isLegacyReference('PT7K2Q')).toBe(true);
    expect(isLegacyReference('PT7K2O')).toBe(false);
    expect(isLegacyReference('pt7k2q')).toBe(false);
    expect(isLegacyReference(`PT7K2Q${checkCharacter('PT7K2Q')}`)).toBe(false);
  });

  it('takes a legacy code or a new code with a valid check', () => {
    const code = `PT7K2Q${checkCharacter('PT7K2Q')}`;
    expect(isReference('PT7K2Q')).toBe(true);
    expect(isReference(code)).toBe(true);
    expect(isReference(`${code.slice(0, 6)}${code[6] === 'A' ? 'B' : 'A'}`)).toBe(false);
    expect(isReference('PT7K2QAB')).toBe(false);
  });
});

describe('oneSubstitutionAway', () => {
  it('gives, for a failing text, one valid code per position, each one substitution away', () => {
    // Prepare
    const code = newReference(new Uint8Array([9, 8, 7, 6, 5, 4]));
    const typo = `${code.slice(0, 3)}${code[3] === 'A' ? 'B' : 'A'}${code.slice(4)}`;
    // Act
    const near = oneSubstitutionAway(typo);
    // Assess
    expect(near).toHaveLength(7);
    expect(near).toContain(code);
    near.forEach((candidate, i) => {
      expect(hasValidCheck(candidate)).toBe(true);
      expect(candidate.slice(0, i) + candidate.slice(i + 1)).toBe(
        typo.slice(0, i) + typo.slice(i + 1),
      );
      expect(candidate[i]).not.toBe(typo[i]);
    });
  });

  it('gives nothing for a valid code or a text that is not 7 alphabet characters', () => {
    expect(oneSubstitutionAway(newReference(new Uint8Array(6)))).toEqual([]);
    expect(oneSubstitutionAway('PT7K2Q')).toEqual([]);
    expect(oneSubstitutionAway('PT7K2Q0')).toEqual([]);
  });
});
