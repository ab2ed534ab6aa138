/**
 * Generators of hostile input for the fuzz tests: strings (Unicode edge
 * cases, lone surrogates, huge), JSON trees with operator and prototype keys,
 * deep nesting, raw bodies with bad UTF-8, and near-valid bodies derived from
 * the OpenAPI request schemas with one field made hostile.
 *
 * Bodies are produced as JSON *text*: building them as objects would turn a
 * `__proto__` key into a prototype instead of a key.
 */
import fc from 'fast-check';

export const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\udc00\ud800',
  '😀',
  'e\u0301\u0301\u0301',
  '\u202etxet',
  '\u200b\u200c\u200d\ufeff',
  'ÆØÅ æøå',
  'ＦＡＥＮ',
  '\r\n\r\n',
  '\u2028\u2029',
  '$where',
  '$gt',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '../../etc/passwd',
  '%00',
  '%',
  '%zz',
  '%c0%af',
  "'; db.dropDatabase(); '",
  '<script>alert(1)</script>',
  'a'.repeat(201),
  '0123456789abcdef01234567',
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'å', '😀', ' ', 'a.', '\ud800'), fc.integer({ min: 200, max: 70_000 }))
      .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length))),
  },
);

export const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$where',
  '$gt',
  '$ne',
  '$in',
  '$regex',
  '$expr',
  '$function',
  '$set',
  'toString',
  'valueOf',
  '',
];

/** JSON text of a scalar. NaN and infinities appear as the raw text JSON would refuse or read oddly. */
const scalarText: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom('0', '-0', '1', '-1', '1e308', '-1e308', '1e309', '9007199254740993', '0.1', '1.5', '-5'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('true', 'false', 'null'),
);

const keyText = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) },
  { weight: 1, arbitrary: hostileString },
);

/** Any JSON text, with operator and prototype keys, up to a small depth. */
export const hostileJson: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarText,
    fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(keyText, tie('node')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).node;

/** Deeply nested arrays or objects (JSON text), 50 to 5,000 levels. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 50, max: 5000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** A hostile value for one field (JSON text): operators, wrong types, huge or odd strings. */
export const hostileField: fc.Arbitrary<string> = fc.oneof(
  scalarText,
  hostileJson,
  fc.constantFrom(
    '{"$gt":""}',
    '{"$ne":null}',
    '{"$where":"sleep(1000)"}',
    '{"$regex":".*"}',
    '{"$in":["a","b"]}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '[]',
    '{}',
    '[{"$gt":""}]',
  ),
  deepJson,
);

/** Raw bodies that are not well-formed UTF-8 JSON. */
export const rawBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom(
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.from('{"body":"\xc3\x28","authorName":"A"}', 'latin1'),
    Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
    Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
    Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"body":"Hei","authorName":"A"}')]),
    Buffer.from('{"body":"Hei","authorName":"A"}', 'utf16le'),
    Buffer.from('{"body": "unterminated'),
    Buffer.from('{"a":1,}'),
    Buffer.from("{'a':1}"),
    Buffer.from('NaN'),
    Buffer.from('"just a string"'),
    Buffer.from('null'),
    Buffer.from('1e309'),
  ),
  hostileJson.map((text) => Buffer.from(text.slice(0, Math.max(1, text.length - 1)))),
);

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json-patch+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  '*/*',
  'application/json, text/plain',
];

/** JSON Schema (the subset zod emits) → an arbitrary of valid-looking JSON text. */
export function fromSchema(schema: unknown, depth = 0): fc.Arbitrary<string> {
  const s = (schema ?? {}) as Record<string, unknown>;
  if (depth > 4) return fc.constant('null');
  if (Array.isArray(s.anyOf)) return fc.oneof(...(s.anyOf as unknown[]).map((x) => fromSchema(x, depth + 1)));
  if (Array.isArray(s.oneOf)) return fc.oneof(...(s.oneOf as unknown[]).map((x) => fromSchema(x, depth + 1)));
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]).map((v) => JSON.stringify(v)));
  if ('const' in s) return fc.constant(JSON.stringify(s.const));
  switch (s.type) {
    case 'string':
      return validString(s).map((v) => JSON.stringify(v));
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : 0;
      const max = typeof s.maximum === 'number' ? Math.min(s.maximum, min + 1000) : min + 1000;
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(String);
    }
    case 'boolean':
      return fc.boolean().map(String);
    case 'null':
      return fc.constant('null');
    case 'array': {
      const maxItems = Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, 3);
      return fc
        .array(fromSchema(s.items, depth + 1), { maxLength: maxItems })
        .map((items) => `[${items.join(',')}]`);
    }
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const entries = Object.entries(properties).map(([name, sub]) =>
        fc
          .tuple(required.has(name) ? fc.constant(true) : fc.boolean(), fromSchema(sub, depth + 1))
          .map(([present, value]) => (present ? `${JSON.stringify(name)}:${value}` : null)),
      );
      return fc.tuple(...entries).map((parts) => `{${parts.filter((p) => p !== null).join(',')}}`);
    }
    default:
      return hostileJson;
  }
}

function validString(s: Record<string, unknown>): fc.Arbitrary<string> {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = Math.max(min, Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, 40));
  if (s.format === 'email') return fc.constantFrom('kari@example.no', 'ola.nordmann@avisa.no');
  if (typeof s.pattern === 'string') {
    if (s.pattern.includes('a-z0-9-]{2,40}')) return fc.constantFrom('demo', 'avisa', 'no-such-site');
    if (s.pattern.includes('https?')) return fc.constantFrom('https://www.avisa.no', 'http://localhost:*');
    if (s.pattern.includes('0-9a-f]{24}')) return fc.constantFrom('0123456789abcdef01234567');
  }
  const text = fc.constantFrom('Hei', 'Godt skrevet, takk', 'Eg er samd', 'Ørsta og Volda', 'x');
  return fc
    .tuple(text, fc.integer({ min, max }))
    .map(([t, n]) => (t.repeat(Math.ceil(Math.max(n, 1) / t.length)) || 'x').slice(0, Math.max(n, min)));
}

/** A valid-looking object with one field (or a new dangerous key) made hostile. */
export function nearValid(schema: unknown): fc.Arbitrary<string> {
  const s = (schema ?? {}) as Record<string, unknown>;
  const properties = Object.keys((s.properties ?? {}) as Record<string, unknown>);
  const base = fromSchema(schema);
  if (s.type !== 'object') return base;
  return fc
    .tuple(
      base,
      // Mostly a declared field (so the request is refused deep in validation), sometimes an extra key.
      properties.length > 0
        ? fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...properties) },
            { weight: 1, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) },
          )
        : fc.constantFrom(...DANGEROUS_KEYS),
      hostileField,
    )
    .map(([text, key, value]) => {
      const inner = text.slice(1, -1);
      const field = `${JSON.stringify(key)}:${value}`;
      // A repeated key wins in JSON.parse, so appending overrides a valid field.
      return `{${inner}${inner ? ',' : ''}${field}}`;
    });
}
