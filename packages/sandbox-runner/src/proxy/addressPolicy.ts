import { isIP } from 'node:net';

/**
 * Which resolved addresses a plugin's HTTP request may reach. A plugin names a host it declared; the
 * host resolves it and refuses any address that points back inside: loopback, private ranges,
 * link-local (cloud metadata lives at 169.254.169.254), CGNAT, multicast, reserved, unspecified, and
 * the IPv6 forms of all of these (including IPv4-mapped and NAT64 addresses that embed them).
 */
export function forbiddenAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return ipv4Reason(address);
  if (family === 6) return ipv6Reason(address);
  return 'not an IP address';
}

function ipv4Reason(address: string): string | undefined {
  const [a, b, c] = address.split('.').map(Number) as [number, number, number, number];
  if (a === 0) return 'unspecified/"this network" (0.0.0.0/8)';
  if (a === 10) return 'private (10.0.0.0/8)';
  if (a === 127) return 'loopback (127.0.0.0/8)';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT (100.64.0.0/10)';
  if (a === 169 && b === 254) return 'link-local / cloud metadata (169.254.0.0/16)';
  if (a === 172 && b >= 16 && b <= 31) return 'private (172.16.0.0/12)';
  if (a === 192 && b === 0 && c === 0) return 'IETF protocol assignments (192.0.0.0/24)';
  if (a === 192 && b === 0 && c === 2) return 'documentation (192.0.2.0/24)';
  if (a === 192 && b === 88 && c === 99) return '6to4 relay (192.88.99.0/24)';
  if (a === 192 && b === 168) return 'private (192.168.0.0/16)';
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking (198.18.0.0/15)';
  if (a === 198 && b === 51 && c === 100) return 'documentation (198.51.100.0/24)';
  if (a === 203 && b === 0 && c === 113) return 'documentation (203.0.113.0/24)';
  if (a >= 224 && a <= 239) return 'multicast (224.0.0.0/4)';
  if (a >= 240) return 'reserved/broadcast (240.0.0.0/4)';
  return undefined;
}

function ipv6Reason(address: string): string | undefined {
  const words = expandIpv6(address);
  if (!words) return 'unparseable IPv6 address';
  const [w0, w1, w2, w3, w4, w5, w6, w7] = words as [number, number, number, number, number, number, number, number];
  const embedded4 = () => `${w6 >> 8}.${w6 & 0xff}.${w7 >> 8}.${w7 & 0xff}`;
  if (words.every((w) => w === 0)) return 'unspecified (::)';
  if (words.slice(0, 7).every((w) => w === 0) && w7 === 1) return 'loopback (::1)';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible) carry an IPv4 address.
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0 && (w5 === 0xffff || w5 === 0)) {
    const inner = ipv4Reason(embedded4());
    return inner ? `IPv4-mapped ${inner}` : undefined;
  }
  if (w0 === 0x64 && w1 === 0xff9b) {
    const inner = ipv4Reason(embedded4());
    return inner ? `NAT64-embedded ${inner}` : undefined;
  }
  if ((w0 & 0xfe00) === 0xfc00) return 'unique local (fc00::/7)';
  if ((w0 & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((w0 & 0xffc0) === 0xfec0) return 'site-local (fec0::/10)';
  if ((w0 & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if (w0 === 0x2001 && w1 === 0xdb8) return 'documentation (2001:db8::/32)';
  if (w0 === 0x2002) {
    const inner = ipv4Reason(`${w1 >> 8}.${w1 & 0xff}.${w2 >> 8}.${w2 & 0xff}`);
    return inner ? `6to4-embedded ${inner}` : undefined;
  }
  if (w0 === 0x100 && w1 === 0 && w2 === 0 && w3 === 0) return 'discard-only (100::/64)';
  return undefined;
}

/** Eight 16-bit words, or undefined. Handles `::` and a trailing dotted IPv4 part; drops a zone id. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.split('%')[0]!.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}
