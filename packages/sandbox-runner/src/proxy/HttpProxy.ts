import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { domainToASCII } from 'node:url';
import { forbiddenAddressReason } from './addressPolicy.js';

/**
 * `ctx.http.*` (capability `proxy:http`): the host fetches on the plugin's behalf, because the sandbox
 * has no network. Only HTTPS, only to the hostnames the manifest allow-lists, only to public addresses
 * (the checked address is the one connected to, so DNS rebinding cannot swap it), redirects re-checked
 * hop by hop, and every response capped in size and time.
 */
export interface HttpProxyOptions {
  /** Hostnames from the manifest's `proxy_domains_requested`; `*.example.com` matches any subdomain, not the apex. */
  allowedDomains: readonly string[];
  /** Largest response body, in bytes. Default 5 MiB. */
  maxResponseBytes?: number;
  /** Largest request body, in bytes. Default 1 MiB. */
  maxRequestBytes?: number;
  /** Deadline for the whole exchange, redirects included. Default 10 s; a request may ask for less. */
  timeoutMs?: number;
  /** Redirects followed at most. Default 5. */
  maxRedirects?: number;
  /** Ports allowed. Default only 443. */
  allowedPorts?: readonly number[];
  /**
   * Addresses a host author trusts even though they are private (an internal API). Empty by default;
   * tests use it to reach a local server. Never add loopback in production.
   */
  trustedAddresses?: readonly string[];
  /** Name resolution; default `dns.lookup` with all addresses. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Extra CA certificates (PEM) to trust, e.g. a test server's. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export interface ProxyRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** UTF-8 body. */
  body?: string;
  /** Binary body, base64. */
  body_base64?: string;
  timeout_ms?: number;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  /** The URL finally fetched, after redirects. */
  url: string;
  /** Text body when the content type is textual (JSON, text/*, XML…), else `body_base64`. */
  body?: string;
  body_base64?: string;
}

export const HttpProxyErrorCodes = {
  InvalidUrl: 'http.invalid_url',
  SchemeNotAllowed: 'http.scheme_not_allowed',
  DomainNotAllowed: 'http.domain_not_allowed',
  PortNotAllowed: 'http.port_not_allowed',
  AddressNotAllowed: 'http.address_not_allowed',
  InvalidRequest: 'http.invalid_request',
  RequestTooLarge: 'http.request_too_large',
  ResponseTooLarge: 'http.response_too_large',
  TooManyRedirects: 'http.too_many_redirects',
  Timeout: 'http.timeout',
  NetworkError: 'http.network_error',
} as const;
export type HttpProxyErrorCode = (typeof HttpProxyErrorCodes)[keyof typeof HttpProxyErrorCodes];

export class HttpProxyError extends Error {
  override readonly name = 'HttpProxyError';
  constructor(
    readonly code: HttpProxyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// Set by the host alone: a plugin may not steer the connection or smuggle a second request.
const FORBIDDEN_HEADERS = new Set(['host', 'connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'expect', 'forwarded', 'x-forwarded-for', 'x-real-ip']);
const TEXTUAL = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[a-z.+-]+\+(json|xml)))/i;

export class HttpProxy {
  private readonly allowed: ReadonlyArray<{ exact?: string; suffix?: string }>;
  private readonly maxResponseBytes: number;
  private readonly maxRequestBytes: number;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly ports: ReadonlySet<number>;
  private readonly trusted: ReadonlySet<string>;
  private readonly resolve: (hostname: string) => Promise<string[]>;

  constructor(private readonly options: HttpProxyOptions) {
    this.allowed = options.allowedDomains.map((d) => {
      const host = normalizeHost(d.replace(/^\*\./, ''));
      return d.startsWith('*.') ? { suffix: `.${host}` } : { exact: host };
    });
    this.maxResponseBytes = options.maxResponseBytes ?? 5 * 1024 * 1024;
    this.maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.ports = new Set(options.allowedPorts ?? [443]);
    this.trusted = new Set(options.trustedAddresses ?? []);
    this.resolve = options.resolve ?? (async (h) => (await dnsLookup(h, { all: true, verbatim: true })).map((a) => a.address));
  }

  /** Whether a hostname is on the allow-list (after IDN and case normalisation). */
  allows(hostname: string): boolean {
    const host = normalizeHost(hostname);
    return this.allowed.some((a) => (a.exact !== undefined ? a.exact === host : host.endsWith(a.suffix!)));
  }

  async fetch(req: ProxyRequest): Promise<ProxyResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new HttpProxyError(HttpProxyErrorCodes.InvalidRequest, `method "${req.method}" is not allowed (use one of ${[...METHODS].join(', ')})`);
    if (req.body !== undefined && req.body_base64 !== undefined) throw new HttpProxyError(HttpProxyErrorCodes.InvalidRequest, 'give body or body_base64, not both');
    const body = req.body_base64 !== undefined ? Buffer.from(req.body_base64, 'base64') : req.body !== undefined ? Buffer.from(req.body, 'utf8') : undefined;
    if (body && body.length > this.maxRequestBytes) {
      throw new HttpProxyError(HttpProxyErrorCodes.RequestTooLarge, `request body is ${body.length} bytes; the limit is ${this.maxRequestBytes}`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      const lower = name.toLowerCase();
      if (FORBIDDEN_HEADERS.has(lower)) throw new HttpProxyError(HttpProxyErrorCodes.InvalidRequest, `header "${name}" is set by the host and cannot be sent by a plugin`);
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
        throw new HttpProxyError(HttpProxyErrorCodes.InvalidRequest, `header "${name}" is malformed`);
      }
      headers[lower] = value;
    }
    const timeoutMs = Math.min(req.timeout_ms ?? this.timeoutMs, this.timeoutMs);
    const deadline = Date.now() + timeoutMs;

    let url = this.check(req.url);
    let currentMethod = method;
    let currentBody = body;
    for (let hop = 0; ; hop++) {
      const res = await this.once(url, currentMethod, headers, currentBody, deadline, timeoutMs);
      if (res.redirect === undefined) return res.response;
      if (hop >= this.maxRedirects) throw new HttpProxyError(HttpProxyErrorCodes.TooManyRedirects, `more than ${this.maxRedirects} redirects (last to ${res.redirect})`);
      url = this.check(new URL(res.redirect, url).toString()); // every hop passes every rule again
      if (res.response.status === 303 || ((res.response.status === 301 || res.response.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = undefined;
      }
      if (new URL(url).host !== new URL(req.url).host) delete headers['authorization']; // never leak credentials across hosts
    }
  }

  /** Parses and checks a URL's scheme, host and port. */
  private check(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new HttpProxyError(HttpProxyErrorCodes.InvalidUrl, `not a valid URL: "${String(raw).slice(0, 200)}"`);
    }
    if (url.protocol !== 'https:') throw new HttpProxyError(HttpProxyErrorCodes.SchemeNotAllowed, `only https:// is allowed (got ${url.protocol}//)`);
    if (url.username || url.password) throw new HttpProxyError(HttpProxyErrorCodes.InvalidUrl, 'credentials in the URL are not allowed');
    const host = normalizeHost(url.hostname);
    if (!this.allows(host)) {
      throw new HttpProxyError(HttpProxyErrorCodes.DomainNotAllowed, `${host} is not in the plugin's proxy_domains_requested`);
    }
    const port = url.port ? Number(url.port) : 443;
    if (!this.ports.has(port)) throw new HttpProxyError(HttpProxyErrorCodes.PortNotAllowed, `port ${port} is not allowed (allowed: ${[...this.ports].join(', ')})`);
    return url;
  }

  /** Resolves and vets the address, then connects to exactly that address. */
  private async pickAddress(hostname: string): Promise<{ address: string; family: number }> {
    const host = hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : await this.resolve(host).catch((cause: unknown) => {
      throw new HttpProxyError(HttpProxyErrorCodes.NetworkError, `cannot resolve ${host}`, { cause });
    });
    if (addresses.length === 0) throw new HttpProxyError(HttpProxyErrorCodes.NetworkError, `${host} has no address`);
    // All must be acceptable: picking "the good one" of a mixed answer is how rebinding attacks win.
    for (const address of addresses) {
      const reason = this.trusted.has(address) ? undefined : forbiddenAddressReason(address);
      if (reason) throw new HttpProxyError(HttpProxyErrorCodes.AddressNotAllowed, `${host} resolves to ${address}, a ${reason} address`);
    }
    const address = addresses[0]!;
    return { address, family: isIP(address) };
  }

  private async once(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, deadline: number, timeoutMs: number): Promise<{ response: ProxyResponse; redirect?: string }> {
    const { address, family } = await this.pickAddress(url.hostname);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new HttpProxyError(HttpProxyErrorCodes.Timeout, `no response within ${timeoutMs} ms`);
    const lookup: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
      else cb(null, address, family);
    };
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        {
          method,
          host: url.hostname,
          servername: isIP(url.hostname) ? undefined : url.hostname,
          port: url.port ? Number(url.port) : 443,
          path: `${url.pathname}${url.search}`,
          headers: { ...headers, host: url.host, 'accept-encoding': 'identity', ...(body ? { 'content-length': String(body.length) } : {}) },
          lookup,
          agent: false,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
          timeout: remaining,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const location = res.headers.location;
          if (status >= 300 && status < 400 && location && status !== 304) {
            res.resume();
            resolve({ response: { status, headers: flatHeaders(res.headers), url: url.toString() }, redirect: location });
            return;
          }
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (declared > this.maxResponseBytes) {
            res.destroy();
            reject(new HttpProxyError(HttpProxyErrorCodes.ResponseTooLarge, `response is ${declared} bytes; the limit is ${this.maxResponseBytes}`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              res.destroy();
              reject(new HttpProxyError(HttpProxyErrorCodes.ResponseTooLarge, `response exceeded ${this.maxResponseBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            const data = Buffer.concat(chunks);
            const type = String(res.headers['content-type'] ?? '');
            const response: ProxyResponse = { status, headers: flatHeaders(res.headers), url: url.toString() };
            if (TEXTUAL.test(type) || (type === '' && isUtf8(data))) response.body = data.toString('utf8');
            else response.body_base64 = data.toString('base64');
            resolve({ response });
          });
          res.on('error', (cause) => reject(new HttpProxyError(HttpProxyErrorCodes.NetworkError, `reading the response failed: ${cause.message}`, { cause })));
        },
      );
      request.on('timeout', () => {
        request.destroy();
        reject(new HttpProxyError(HttpProxyErrorCodes.Timeout, `no response within ${timeoutMs} ms`));
      });
      request.on('error', (cause) => reject(new HttpProxyError(HttpProxyErrorCodes.NetworkError, `${url.host}: ${cause.message}`, { cause })));
      request.end(body);
    });
  }
}

function normalizeHost(host: string): string {
  const bare = host.replace(/\.$/, '').toLowerCase();
  return domainToASCII(bare) || bare;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || k === 'set-cookie') continue; // cookies stay out of plugins' hands
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
