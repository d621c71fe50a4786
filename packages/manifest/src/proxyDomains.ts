import { domainToASCII } from 'node:url';
import { diagnostic, pointer, type Diagnostic } from './diagnostics.js';
import { analyzePython } from './python/analyze.js';
import { stringBody, type Token } from './python/tokenize.js';

/**
 * proxy_domains_requested holds bare hostnames. The one wildcard form is a leading `*.`, which matches
 * any subdomain at any depth (`*.example.com` matches `api.example.com` and `a.b.example.com`, not
 * `example.com` itself), and needs at least two labels after it so `*.com` cannot allow-list a TLD.
 * (Public suffixes such as `co.uk` are not known here, so `*.co.uk` passes; hosts should review.)
 */
export interface ProxyDomainCheck {
  /** The normalized (lower-case) domain, when valid. */
  domain?: string;
  diagnostics: Diagnostic[];
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function validateProxyDomain(raw: string, path = '', file?: string): ProxyDomainCheck {
  const err = (code: string, message: string, hint: string): ProxyDomainCheck => ({
    diagnostics: [diagnostic(code, 'error', path, `${JSON.stringify(raw)}: ${message}`, { file, hint })],
  });
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (scheme) {
    const host = raw.slice(scheme[0].length).split(/[/?#:]/)[0] ?? '';
    return err('proxy.domain_has_scheme', 'a scheme where a bare hostname belongs', `Write only the hostname: "${host.toLowerCase()}".`);
  }
  if (/[/?#]/.test(raw)) {
    return err('proxy.domain_has_path', 'a path where a bare hostname belongs', `Write only the hostname: "${raw.split(/[/?#]/)[0]!.toLowerCase()}"; the proxy allows every path on it.`);
  }
  if (/^\[.*\]$/.test(raw) || (raw.match(/:/g)?.length ?? 0) > 1 || /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(raw)) {
    return err('proxy.domain_is_ip', 'an IP address', 'Allow-list a hostname; IP addresses are refused so plugins cannot reach internal hosts by number.');
  }
  if (raw.includes(':')) {
    return err('proxy.domain_has_port', 'a port where a bare hostname belongs', `Write only the hostname: "${raw.split(':')[0]!.toLowerCase()}"; requests use the URL's port.`);
  }
  let host = raw.toLowerCase();
  if (/[^\x21-\x7e]/.test(host)) {
    const ascii = domainToASCII(host.replace(/^\*\./, ''));
    return err('proxy.invalid_domain', 'not an ASCII hostname', ascii ? `Use the punycode form: "${host.startsWith('*.') ? '*.' : ''}${ascii}".` : 'Use an ASCII (punycode) hostname.');
  }
  let wildcard = false;
  if (host.startsWith('*.')) {
    wildcard = true;
    host = host.slice(2);
  }
  if (host.includes('*')) {
    return err('proxy.invalid_wildcard', 'a wildcard may only be a leading "*."', 'Write "*.example.com" to allow every subdomain of example.com.');
  }
  const labels = host.split('.');
  if (host.length > 253 || labels.some((l) => !LABEL.test(l))) {
    return err('proxy.invalid_domain', 'not a valid hostname', 'Use letters, digits and hyphens in dot-separated labels, e.g. "api.example.com" (no trailing dot).');
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) {
    return err('proxy.domain_is_ip', 'an IP address', 'Allow-list a hostname, not an address.');
  }
  if (wildcard && labels.length < 2) {
    return err('proxy.invalid_wildcard', 'a wildcard needs at least two labels after "*."', 'Write "*.example.com", not "*.com".');
  }
  if (labels.length < 2) {
    return err('proxy.invalid_domain', 'a single-label name (like localhost) is not a public hostname', 'Use a fully qualified name such as "api.example.com".');
  }
  return { domain: (wildcard ? '*.' : '') + host, diagnostics: [] };
}

/** Whether `host` is allowed by `pattern` (exact, or a `*.` wildcard over subdomains). */
export function domainMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) return h.endsWith(pattern.slice(1));
  return h === pattern;
}

/** A literal `https://host…` URL found in a Python string. */
export interface DetectedUrl {
  /** Lower-case hostname. */
  domain: string;
  url: string;
  file: string;
  line: number;
}

const URL_IN_TEXT = /https:\/\/([^\s/?#'"\\{}<>`]+)([^\s'"\\<>`]*)/gi;

/** Finds `https://` URLs in the string literals of the given tokens (comments are not code, so skipped). */
export function urlsInTokens(tokens: readonly Token[], file: string): DetectedUrl[] {
  const out: DetectedUrl[] = [];
  for (const t of tokens) {
    if (t.type !== 'string') continue;
    const body = stringBody(t);
    if (!body.includes('https://') && !/https:\/\//i.test(body)) continue;
    for (const m of body.matchAll(URL_IN_TEXT)) {
      let authority = m[1]!;
      authority = authority.slice(authority.lastIndexOf('@') + 1); // drop userinfo
      const host = authority.replace(/:\d*$/, '').replace(/\.$/, '').toLowerCase();
      if (host === '' || host.includes('{')) continue; // f-string hole: not a literal host
      const lines = body.slice(0, m.index).split('\n').length - 1;
      out.push({ domain: host, url: m[0], file, line: t.line + lines });
    }
  }
  return out;
}

/**
 * Scans Python sources for literal `https://` URLs (the seed's upload pipeline does the same); exported
 * for the integrity pipeline's static check.
 */
export function scanProxyDomains(sources: ReadonlyArray<{ path: string; text: string }>): DetectedUrl[] {
  return sources.flatMap((s) => urlsInTokens(analyzePython(s.text).tokens, s.path));
}

/**
 * Compares declared domains with detected URLs: detected-but-undeclared and declared-but-unused are
 * warnings (a plugin may build URLs at run time, and the proxy enforces the list either way).
 */
export function checkProxyDomains(declared: readonly string[], detected: readonly DetectedUrl[], manifestFile = 'manifest.json'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const d of detected) {
    if (declared.some((p) => domainMatches(p, d.domain)) || reported.has(d.domain)) continue;
    reported.add(d.domain);
    out.push(
      diagnostic('proxy.undeclared_domain', 'warning', `${d.file}:${d.line}`, `${d.file} line ${d.line} uses ${d.url} but "${d.domain}" is not in proxy_domains_requested`, {
        file: d.file,
        hint: `Add "${d.domain}" to proxy_domains_requested in ${manifestFile} if the plugin fetches it; requests to undeclared hosts are refused.`,
      }),
    );
  }
  declared.forEach((p, i) => {
    if (detected.some((d) => domainMatches(p, d.domain))) return;
    out.push(
      diagnostic('proxy.unused_domain', 'warning', pointer('proxy_domains_requested', i), `"${p}" is declared but no literal https:// URL in the source uses it`, {
        file: manifestFile,
        hint: 'Remove it if the plugin no longer fetches it (ignore this if URLs are built at run time).',
      }),
    );
  });
  return out;
}
