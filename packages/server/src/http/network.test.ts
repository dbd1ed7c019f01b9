import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../modules/tracing/throttle.js';
import { clientNetwork } from './network.js';

describe('the network a client is counted by', () => {
  it('is an IPv4 address itself, and an IPv6 address its /64 however it is written', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0DB8:0001:0002:abcd:ef01:2345:6789')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('2001:db8:1:2:3:4:1.2.3.4')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:3::1')).not.toBe(clientNetwork('2001:db8:1:2::1'));
  });

  it('lets a limit per address hold against one /64 rotating its addresses', () => {
    const l = new RateLimiter(3, 1000, () => 0);
    const taken = Array.from({ length: 6 }, (_, i) => l.take(clientNetwork(`2001:db8:7:7::${i + 1}`)));
    expect(taken).toEqual([true, true, true, false, false, false]);
  });
});
