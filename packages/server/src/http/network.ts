import net from 'node:net';

/**
 * The network a client's address belongs to, as the limits and throttles count it: an IPv4 address as
 * it is (an IPv4-mapped IPv6 address as its IPv4 address), an IPv6 address as its /64 prefix. One home or
 * one server is given a whole /64 and can send from any of its 2^64 addresses (privacy extensions change
 * them by themselves), so a limit kept per IPv6 address is no limit for whoever rotates them.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!net.isIPv6(address)) return address;
  // Expanded to eight groups: "::" stands for the zero groups missing, an IPv4 tail for two groups.
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [''];
  const groups = (s: string | undefined): string[] =>
    s === undefined || s === ''
      ? []
      : s.split(':').flatMap((g) => {
          if (!g.includes('.')) return [g];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
