// Subscription endpoints as the API accepts them, in one spelling each: e-mail addresses lower-cased, mainland mobile
// numbers in E.164, https URLs only to public hosts named by DNS on the default port (SNS posts alerts to them, so a
// URL must not turn the platform into a probe of private networks). Pure; messages never quote the endpoint.
import { MOBILE_PATTERN, toE164Mobile } from '../pii/identifiers.ts';

export const SUBSCRIPTION_PROTOCOLS = ['email', 'sms', 'https'] as const;
export type SubscriptionProtocol = (typeof SUBSCRIPTION_PROTOCOLS)[number];

export type EndpointCheck = { ok: true; endpoint: string } | { ok: false; message: string };

const EMAIL = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$/;
/** Control characters and the like have no place in an address and could split a log line or a header. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export const MOBILE_ONLY = 'must be a mainland mobile number: 11 digits starting 13-19, optionally after +86 or 0086';

/**
 * What the OpenAPI document states of each protocol's endpoint: a pattern that accepts only what checkEndpoint accepts
 * (the check itself is more forgiving: surrounding spaces, upper case, any spacing of a phone number, any URL path).
 */
export const ENDPOINT_FORMATS: Record<SubscriptionProtocol, { format: string; pattern: string; maxLength: number; description: string }> = {
  email: {
    format: 'email',
    pattern: '^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}$',
    maxLength: 254,
    description: 'An e-mail address; goes live when its owner confirms the message SNS sends',
  },
  sms: {
    format: 'cn-mobile',
    pattern: MOBILE_PATTERN,
    maxLength: 32,
    description: "A mainland mobile number, 11 digits starting 13-19 (+86 or 0086 optional): the caller's own verified phone, or confirmed by a code sent to it",
  },
  https: {
    format: 'https-public-url',
    // A DNS name ending in a letters-only top-level label (so never an IP literal), no port, no user info, not a local name.
    pattern:
      "^https://(?![^/?#]*\\.(localhost|local|localdomain|internal|intranet|lan|home\\.arpa)([/?#]|$))([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,63}(/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$",
    maxLength: 500,
    description:
      'An https URL on the default port 443 of a public host named by DNS: no IP addresses, no localhost, no local names (.local, .localdomain, .internal, .intranet, .lan, .home.arpa); goes live when the endpoint confirms',
  },
};

export function checkEndpoint(protocol: SubscriptionProtocol, raw: string): EndpointCheck {
  switch (protocol) {
    case 'email': {
      const email = raw.trim().toLowerCase();
      if (email.length > 254 || UNPRINTABLE.test(email) || !EMAIL.test(email)) return { ok: false, message: 'not a valid email endpoint' };
      return { ok: true, endpoint: email };
    }
    case 'sms': {
      const e164 = toE164Mobile(raw);
      return e164 ? { ok: true, endpoint: e164 } : { ok: false, message: MOBILE_ONLY };
    }
    case 'https':
      return checkHttpsEndpoint(raw);
  }
}

/** Host names that only mean something inside a network: never reachable by SNS, or reachable where they must not be. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.intranet', '.lan', '.home.arpa'];

export function checkHttpsEndpoint(raw: string): EndpointCheck {
  if (UNPRINTABLE.test(raw) || !URL.canParse(raw.trim())) return { ok: false, message: 'not a valid https endpoint' };
  const url = new URL(raw.trim());
  if (url.protocol !== 'https:') return { ok: false, message: 'not a valid https endpoint: must start with https://' };
  const host = url.hostname;
  const ip = ipKindOf(host);
  if (ip !== undefined) {
    return {
      ok: false,
      message:
        ip === 'public'
          ? 'must name its host by a DNS name, not a bare IP address'
          : `must not point at ${ip === 'unspecified' ? 'an' : 'a'} ${ip} address (private, shared, loopback, link-local and unspecified addresses are refused)`,
    };
  }
  const bare = host.replace(/\.$/, '');
  if (bare === 'localhost' || LOCAL_SUFFIXES.some((s) => bare.endsWith(s))) return { ok: false, message: 'must name a public host, not localhost or a local network name' };
  if (!bare.includes('.')) return { ok: false, message: 'must name a public host by its full DNS name' };
  // The parser drops :443 itself; any other port would let a subscription knock on a service SNS should never reach.
  if (url.port !== '') return { ok: false, message: 'must use the default https port 443' };
  url.hash = '';
  return { ok: true, endpoint: url.href };
}

export type IpKind = 'public' | 'private' | 'shared' | 'loopback' | 'link-local' | 'unspecified';

/**
 * What kind of address a URL host is, or undefined for a DNS name. The WHATWG parser has already turned every IPv4
 * spelling (`0x7f.1`, `2130706433`) into dotted form and put IPv6 in brackets.
 */
export function ipKindOf(host: string): IpKind | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return ipv4Kind(v4.slice(1).map(Number) as [number, number, number, number]);
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = expandIpv6(host.slice(1, -1));
    return groups ? ipv6Kind(groups) : 'unspecified';
  }
  return undefined;
}

function ipv4Kind(octets: [number, number, number, number]): IpKind {
  const [a, b] = octets;
  if (a === 0) return octets.every((x) => x === 0) ? 'unspecified' : 'private'; // 0.0.0.0/8: "this network"
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'shared'; // 100.64.0.0/10, carrier-grade NAT
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}

/** Eight 16-bit groups of an IPv6 address, or undefined if it is not one. */
function expandIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  let head = parse(halves[0]!);
  let tail = halves.length === 2 ? parse(halves[1]!) : [];
  // A dotted IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = (tail.length ? tail : head).at(-1);
  if (last?.includes('.')) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(last);
    if (!m) return undefined;
    const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
    const groups = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (tail.length) tail = [...tail.slice(0, -1), ...groups];
    else head = [...head.slice(0, -1), ...groups];
  }
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

function ipv6Kind(g: number[]): IpKind {
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are judged as the IPv4 address they carry.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    const v4 = [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff] as [number, number, number, number];
    return ipv4Kind(v4);
  }
  if ((g[0]! & 0xfe00) === 0xfc00) return 'private'; // fc00::/7, unique local
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  return 'public';
}
