import { describe, expect, it } from 'vitest';
import { CanonicalEncodingError, canonicalJson, fingerprint } from '../index.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, as the RFC 8785 sorting example does', () => {
    // Prepare: the object of RFC 8785 section 3.2.3
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Act
    const text = canonicalJson(value);
    // Assess: the order the RFC prints
    const keys = ['\\r', '1', '\u0080', 'ö', '€', '😀', '\ufb33'];
    expect(text.match(/"([^"]*)":/g)?.map((k) => k.slice(1, -2))).toEqual(keys);
  });

  it('writes nested values without whitespace, escaping only what JSON must', () => {
    expect(canonicalJson({ b: [1, -2, { d: 'Ẩn danh\n', c: true }], a: null })).toBe(
      '{"a":null,"b":[1,-2,{"c":true,"d":"Ẩn danh\\n"}]}',
    );
  });

  it('leaves out keys whose value is undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('refuses floats, huge numbers and non-plain objects, so money cannot lose precision', () => {
    expect(() => canonicalJson({ amount: 1.5 })).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson(2 ** 60)).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson(new Date(0))).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson([undefined])).toThrow(CanonicalEncodingError);
  });

  it('gives the same fingerprint whatever the key order', () => {
    expect(fingerprint({ a: 1, b: 'x' })).toBe(fingerprint({ b: 'x', a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});
