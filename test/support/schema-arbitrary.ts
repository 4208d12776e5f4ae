// fast-check arbitraries from the JSON Schema of the OpenAPI document: values a client generated from the document
// could send. Covers the keywords the document uses (type, enum, const, properties, required, additionalProperties,
// propertyNames, minProperties, items, prefixItems, min/maxItems, min/maxLength, pattern, allOf, anyOf, oneOf,
// minimum, maximum, multipleOf, $ref); anything else fails loudly, so a new keyword cannot be silently ignored. The
// named formats with rules beyond a pattern (GB 11643 and GB 32100 check characters, mainland phones, public https URLs,
// real dates) generate valid values; the patterns and lengths still filter them.
import fc from 'fast-check';

type Json = Record<string, any>;

const KNOWN = new Set([
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'items',
  'prefixItems', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'allOf', 'anyOf', 'oneOf', 'minimum',
  'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', '$ref', 'description', 'default', 'format', 'id', '$schema',
]);

/** Characters a person might type, from every plane the API must carry: ASCII, Chinese, emoji, and harmless spaces. */
const TYPED = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019 -_.,;:!?/()\'"&<>\\@#%*+=[]{}|~`^$') },
  { weight: 4, arbitrary: fc.constantFrom(...'洪水预警撤离转移安置朝阳区街道救援物资，。、；：“”（）') },
  { weight: 1, arbitrary: fc.constantFrom('😀', '🌊', '🚒', 'é', 'ß', 'Ω', '\u00A0', '\u3000', '\u200B', '\t', '\n') },
);

// ---- Named formats: values the format's rule accepts, check characters computed here from the standards ----------

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** A real calendar date from `fromYear` to `toYear`, as YYYY-MM-DD. */
const calendarDay = (fromYear: number, toYear: number) =>
  fc
    .date({ min: new Date(Date.UTC(fromYear, 0, 1)), max: new Date(Date.UTC(toYear, 11, 31)), noInvalidDate: true })
    .map((d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`);

/** GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits, weights 2^(17-i) mod 11. */
function gb11643Check(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * (2 ** (17 - i) % 11), 0);
  return '10X98765432'[sum % 11]!;
}

/** GB 32100-2015: 31 code characters, weights 3^i mod 31, check (31 - sum mod 31) mod 31. */
const GB32100 = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function gb32100Check(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += GB32100.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return GB32100[(31 - (sum % 31)) % 31]!;
}
const codeChars = (n: number) => fc.string({ unit: fc.constantFrom(...GB32100), minLength: n, maxLength: n });

/** A mainland mobile number in the spellings people use: bare, spaced or dashed 3-4-4, after +86 or 0086. */
const cnMobile = fc
  .tuple(fc.constantFrom(...'3456789'), digits(9), fc.constantFrom('', '+86', '+86 ', '0086', '0086-'), fc.constantFrom('', ' ', '-'))
  .map(([second, rest, prefix, sep]) => {
    const n = `1${second}${rest}`;
    return `${prefix}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`;
  });
/** A landline with its area code (3 or 4 digits from 0), the number, and perhaps an extension. */
const cnLandline = fc
  .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 7, max: 8 }), fc.constantFrom('', '-'), fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }))
  .chain(([area, local, sep, ext]) =>
    fc.tuple(digits(area), digits(local), ext === undefined ? fc.constant('') : digits(ext).map((e) => `-${e}`)).map(([a, l, e]) => `0${a}${sep}${l}${e}`),
  );

const label = fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8})?$/);
/** Public DNS names: labels under real public top-level domains, so never an IP literal, localhost or a local name. */
const publicHost = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('cn', 'com', 'org', 'net', 'gov.cn', 'org.cn', 'io', 'info'))
  .map(([labels, tld]) => [...labels, tld].join('.'));

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  date: calendarDay(1900, 2999),
  'gb11643-resident-id': fc
    // Births up to 2010: whatever clock the server runs on, the date is not in the future.
    .tuple(fc.constantFrom(...'123456789'), digits(5), calendarDay(1900, 2010), digits(3), fc.boolean())
    .map(([first, division, birth, sequence, lower]) => {
      const first17 = `${first}${division}${birth.replaceAll('-', '')}${sequence}`;
      const check = gb11643Check(first17);
      return first17 + (lower ? check.toLowerCase() : check);
    }),
  'gb32100-credit-code': fc
    .tuple(codeChars(2), digits(6), codeChars(9))
    .map(([authority, division, subject]) => {
      const first17 = `${authority}${division}${subject}`;
      return first17 + gb32100Check(first17);
    }),
  'cn-mobile': cnMobile,
  'cn-phone': fc.oneof(cnMobile, cnLandline),
  email: fc
    .tuple(fc.stringMatching(/^[A-Za-z0-9._%+-]{1,20}$/), publicHost, fc.boolean())
    .map(([local, host, upper]) => `${local}@${upper ? host.toUpperCase() : host}`),
  'https-public-url': fc
    .tuple(publicHost, fc.option(fc.stringMatching(/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,12}){1,3}(\?[a-z]=[A-Za-z0-9]{1,8})?$/), { nil: undefined }))
    .map(([host, path]) => `https://${host}${path ?? ''}`),
};

/** A node and one of its alternatives, both holding (as JSON Schema reads them): properties are merged key by key. */
function merged(node: Json, alt: Json): Json {
  const properties = { ...(node['properties'] ?? {}) } as Record<string, Json>;
  for (const [k, v] of Object.entries((alt['properties'] ?? {}) as Record<string, Json>)) properties[k] = { ...(properties[k] ?? {}), ...v };
  const required = [...new Set([...((node['required'] ?? []) as string[]), ...((alt['required'] ?? []) as string[])])];
  return { ...node, ...alt, ...(node['properties'] || alt['properties'] ? { properties } : {}), ...(required.length ? { required } : {}) };
}

export class SchemaArbitraries {
  private readonly components: Json;

  constructor(components: Json) {
    this.components = components;
  }

  private resolve(node: Json): Json {
    let n = node;
    while (n['$ref']) {
      const name = String(n['$ref']).replace('#/components/schemas/', '');
      const target = this.components[name];
      if (!target) throw new Error(`unresolved ${n['$ref']}`);
      n = { ...target, ...Object.fromEntries(Object.entries(n).filter(([k]) => k !== '$ref')) };
    }
    return n;
  }

  of(raw: Json): fc.Arbitrary<unknown> {
    const node = this.resolve(raw);
    for (const k of Object.keys(node)) if (!KNOWN.has(k)) throw new Error(`schema-arbitrary: keyword ${k} is not handled`);
    if ('const' in node) return fc.constant(node['const']);
    if (node['enum']) return fc.constantFrom(...(node['enum'] as unknown[]));
    const alternatives = (node['anyOf'] ?? node['oneOf']) as Json[] | undefined;
    if (alternatives) {
      const { anyOf: _a, oneOf: _o, ...rest } = node;
      return fc.oneof(...alternatives.map((alt) => this.of(merged(rest, this.resolve(alt)))));
    }
    switch (node['type']) {
      case 'string':
        return this.string(node);
      case 'number':
      case 'integer':
        return this.number(node);
      case 'boolean':
        return fc.boolean();
      case 'array':
        return this.array(node);
      case 'object':
        return this.object(node);
      default:
        throw new Error(`schema-arbitrary: no type in ${JSON.stringify(node).slice(0, 200)}`);
    }
  }

  private string(node: Json): fc.Arbitrary<string> {
    const patterns = [node['pattern'], ...((node['allOf'] as Json[] | undefined) ?? []).map((p) => p['pattern'])].filter((p): p is string => typeof p === 'string');
    const regexes = patterns.map((p) => new RegExp(p, 'u'));
    const min = (node['minLength'] as number | undefined) ?? 0;
    const max = (node['maxLength'] as number | undefined) ?? 300;
    const length = (s: string) => [...s].length;
    // Generate from the most specific anchored pattern fast-check can read; the others and the lengths filter.
    const anchored = patterns.filter((p) => p.startsWith('^')).sort((a, b) => b.length - a.length)[0];
    let base = fc.string({ unit: TYPED, minLength: Math.max(min, 1), maxLength: Math.min(max, 40) });
    // A named format whose rule a pattern cannot state (a check character, a real date) generates from the rule.
    const format = FORMATS[node['format'] as string];
    if (format) base = format;
    else if (anchored) {
      try {
        base = fc.stringMatching(new RegExp(anchored, 'u'));
      } catch {
        // A pattern fast-check cannot read: typed text, filtered by the patterns.
      }
    }
    return base.filter((s) => s.isWellFormed() && length(s) >= min && length(s) <= max && regexes.every((r) => r.test(s)));
  }

  private number(node: Json): fc.Arbitrary<number> {
    const min = (node['minimum'] as number | undefined) ?? (node['exclusiveMinimum'] as number | undefined) ?? -1e9;
    const max = (node['maximum'] as number | undefined) ?? (node['exclusiveMaximum'] as number | undefined) ?? 1e9;
    const inRange = (x: number) =>
      x >= min && x <= max && !(node['exclusiveMinimum'] !== undefined && x === min) && !(node['exclusiveMaximum'] !== undefined && x === max);
    const step = node['multipleOf'] as number | undefined;
    if (step !== undefined) {
      const lo = Math.ceil(min / step);
      const hi = Math.floor(max / step);
      return fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31 - 1) }).map((k) => k * step).filter(inRange);
    }
    if (node['type'] === 'integer') {
      const lo = Math.max(min, -(2 ** 31));
      const hi = Math.min(max, 2 ** 31 - 1);
      return fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), fc.constantFrom(Math.ceil(min), Math.floor(max))).filter(inRange);
    }
    // Extremes on purpose: the smallest doubles, signed zero and the bounds must all be storable.
    const extremes = [min, max, 0, -0, 5e-324, -5e-324, 1e-200, -1e-200, 1e-7, 0.01].filter(inRange);
    return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...extremes)).filter(inRange);
  }

  private array(node: Json): fc.Arbitrary<unknown[]> {
    const minLength = (node['minItems'] as number | undefined) ?? 0;
    const prefix = node['prefixItems'] as Json[] | undefined;
    if (prefix) return fc.tuple(...prefix.map((p) => this.of(p)));
    const maxLength = Math.min((node['maxItems'] as number | undefined) ?? 5, Math.max(minLength, 5));
    return fc.array(this.of(node['items'] as Json), { minLength, maxLength });
  }

  private object(node: Json): fc.Arbitrary<Record<string, unknown>> {
    const minProperties = (node['minProperties'] as number | undefined) ?? 0;
    const names = node['propertyNames'] as Json | undefined;
    if (names) {
      // A record over an enum of keys.
      const keys = this.resolve(names)['enum'] as string[];
      const value = this.of(node['additionalProperties'] as Json);
      return fc
        .subarray(keys, { minLength: Math.max(minProperties, 0) })
        .chain((chosen) => fc.tuple(...chosen.map(() => value)).map((values) => Object.fromEntries(chosen.map((k, i) => [k, values[i]]))));
    }
    const properties = (node['properties'] ?? {}) as Record<string, Json>;
    const required = (node['required'] ?? []) as string[];
    const shape = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, this.of(v)]));
    return fc.record(shape, { requiredKeys: required }).filter((o) => Object.keys(o).length >= minProperties) as fc.Arbitrary<Record<string, unknown>>;
  }
}

/** Numbers DynamoDB refuses, with their paths: not finite, or a magnitude outside 1e-130 .. 1e126 (its number range). */
export function unstorableNumbers(value: unknown, path = 'body'): string[] {
  if (typeof value === 'number') {
    const m = Math.abs(value);
    return Number.isFinite(value) && (m === 0 || (m >= 1e-130 && m < 1e126)) ? [] : [`${path}: ${value}`];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableNumbers(v, `${path}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unstorableNumbers(v, `${path}.${k}`));
  return [];
}
