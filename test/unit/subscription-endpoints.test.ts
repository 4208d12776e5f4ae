// Subscription endpoints as the API accepts them: one spelling per endpoint, mainland mobile numbers only, and no https
// URL that could point SNS at a private network, a bare address, a local name or an odd port.
import { describe, expect, it } from 'vitest';
import { checkEndpoint, ipKindOf, type IpKind } from '../../shared/alerts/endpoints.ts';

describe('e-mail endpoints', () => {
  it('are lower-cased and trimmed, so two spellings of one address are one endpoint', () => {
    expect(checkEndpoint('email', ' Duty.Officer@Example.ORG ')).toEqual({ ok: true, endpoint: 'duty.officer@example.org' });
  });

  it.each([['officer.wang-at-example.org'], ['officer wang@example.org'], ['a@b'], [`${'x'.repeat(250)}@example.org`], ['tab\t@example.org'], ['a\u202e@example.org']])('refuses %j', (raw) => {
    expect(checkEndpoint('email', raw)).toMatchObject({ ok: false });
  });
});

describe('sms endpoints: mainland mobile numbers only', () => {
  it.each([['13812345678'], ['138 1234 5678'], ['138-1234-5678'], ['+86 138 1234 5678'], ['008613812345678']])('take %j as +8613812345678', (raw) => {
    expect(checkEndpoint('sms', raw)).toEqual({ ok: true, endpoint: '+8613812345678' });
  });

  it.each([['12345678901'], ['1381234567'], ['+14155550100'], ['+85291234567'], ['010-12345678'], ['12345']])('refuse %j', (raw) => {
    const r = checkEndpoint('sms', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).not.toContain(raw);
  });
});

describe('https endpoints', () => {
  it('keep the URL as parsed, without its fragment, on the default port', () => {
    expect(checkEndpoint('https', 'https://Hooks.Example.org:443/alerts?token=abc#frag')).toEqual({ ok: true, endpoint: 'https://hooks.example.org/alerts?token=abc' });
    expect(checkEndpoint('https', 'https://bot:s3cret@hooks.example.org/alerts')).toMatchObject({ ok: true });
  });

  it.each([
    ['http://hooks.example.org/alerts', 'https://'],
    ['ftp://hooks.example.org/alerts', 'https://'],
    ['https://[::1', 'not a valid'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://172.16.0.1/hook', 'private'],
    ['https://172.31.255.255/hook', 'private'],
    ['https://192.168.1.1/hook', 'private'],
    ['https://100.64.0.1/hook', 'shared'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://0x7f.0.0.1/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://[::]/hook', 'unspecified'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:10.0.0.1]/hook', 'private'],
    ['https://[::ffff:169.254.169.254]/hook', 'link-local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://[fd12:3456::1]/hook', 'private'],
    ['https://[fc00::1]/hook', 'private'],
    ['https://8.8.8.8/hook', 'bare IP'],
    ['https://[2400:da00::6666]/hook', 'bare IP'],
    ['https://localhost/hook', 'localhost'],
    ['https://api.localhost/hook', 'localhost'],
    ['https://printer.local/hook', 'local network'],
    ['https://db.internal/hook', 'local network'],
    ['https://intranet/hook', 'full DNS name'],
    ['https://hooks.example.org:8443/alerts', 'port 443'],
    ['https://hooks.example.org:80/alerts', 'port 443'],
  ])('refuses %s (%s), naming the rule but not the URL', (raw, rule) => {
    const r = checkEndpoint('https', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(rule);
      expect(r.message).not.toContain(raw);
    }
  });
});

describe('ipKindOf', () => {
  it.each<[string, IpKind | undefined]>([
    ['9.255.255.255', 'public'],
    ['10.0.0.0', 'private'],
    ['11.0.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['172.32.0.0', 'public'],
    ['192.167.255.255', 'public'],
    ['192.168.0.0', 'private'],
    ['100.63.255.255', 'public'],
    ['100.64.0.0', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['169.254.0.1', 'link-local'],
    ['127.255.255.255', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'private'],
    ['[::]', 'unspecified'],
    ['[::1]', 'loopback'],
    ['[::a00:1]', 'private'], // IPv4-compatible ::10.0.0.1
    ['[2400:da00::1]', 'public'],
    ['[febf:ffff::1]', 'link-local'],
    ['[fec0::1]', 'public'],
    ['[fbff::1]', 'public'],
    ['[fc00::]', 'private'],
    ['[fdff:ffff::]', 'private'],
    ['[::ffff:c0a8:101]', 'private'],
    ['hooks.example.org', undefined],
  ])('%s is %s', (host, kind) => {
    expect(ipKindOf(host)).toBe(kind);
  });
});
