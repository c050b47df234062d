import { createHash } from 'node:crypto';
import { CanonicalEncodingError } from '../errors.ts';

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values a journal holds: objects with keys
 * sorted by UTF-16 code units, strings escaped as ECMAScript JSON.stringify does, and numbers
 * that are safe integers only (so their JCS form is their plain decimal form). Keys whose
 * value is `undefined` are left out, as JSON.stringify does; anything else non-JSON is refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalEncodingError(`Only safe integers can be encoded, got ${value}.`);
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((item) => {
            if (item === undefined)
              throw new CanonicalEncodingError('Arrays cannot hold undefined.');
            return canonicalJson(item);
          })
          .join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalEncodingError('Only plain objects can be encoded.');
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new CanonicalEncodingError(`A ${typeof value} cannot be encoded.`);
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A stable fingerprint of a request, used to tell a retry from a different request. */
export function fingerprint(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
