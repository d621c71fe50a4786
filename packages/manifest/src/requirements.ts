import { diagnostic, type Diagnostic } from './diagnostics.js';

/** One PEP 508 requirement line of requirements.txt. */
export interface Requirement {
  /** As written. */
  name: string;
  /** PEP 503 normalized: lower case, runs of `-_.` → `-`. */
  normalizedName: string;
  extras: string[];
  specifiers: Array<{ operator: string; version: string }>;
  /** `name @ url` direct reference. */
  url?: string;
  marker?: string;
  /** `--hash=alg:hex` options on the line (pip's hash-checking mode). */
  hashes: string[];
  line: number;
}

export interface RequirementsOptions {
  file?: string;
  /**
   * `strict` (MMO Maid: the host installs these): bad lines, pip options and URL requirements are
   * errors. `lenient` (MCDR: it only warns and checks): the same problems are warnings.
   */
  mode?: 'strict' | 'lenient';
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const PEP440 = /^v?(?:\d+!)?\d+(?:\.\d+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;
const MARKER_VARS = new Set([
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system', 'platform_version',
  'platform_machine', 'platform_python_implementation', 'implementation_name', 'implementation_version', 'extra', 'os.name', 'sys.platform',
  'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation',
]);

class LineError extends Error {}

/**
 * Parses requirements.txt: comments, blank lines and backslash continuations as pip reads them; each
 * requirement as PEP 508 (name, extras, PEP 440 specifiers or `@ url`, environment marker). Every bad
 * line is reported with its line number; the good ones are returned.
 */
export function parseRequirements(text: string, options: RequirementsOptions = {}): { requirements: Requirement[]; diagnostics: Diagnostic[] } {
  const file = options.file ?? 'requirements.txt';
  const severity = options.mode === 'lenient' ? 'warning' : 'error';
  const requirements: Requirement[] = [];
  const diagnostics: Diagnostic[] = [];
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const lineNo = i + 1;
    let line = physical[i]!;
    while (line.endsWith('\\') && i + 1 < physical.length) line = line.slice(0, -1) + physical[++i]!;
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const report = (code: string, message: string, hint: string) =>
      diagnostics.push(diagnostic(code, severity, `${file}:${lineNo}`, `${file} line ${lineNo}: ${message}`, { file, hint }));
    if (line.startsWith('-')) {
      report('requirements.unsupported_option', `pip option "${line.split(/\s/)[0]}" is not supported`, 'List plain requirements such as "requests>=2.31"; the host runs no -r/-e/--index-url lines.');
      continue;
    }
    try {
      const req = parseRequirementLine(line, lineNo);
      if (req.url !== undefined) {
        report('requirements.direct_url', `"${req.name}" is fetched from ${req.url}, not the package index`, 'Depend on a released version from the index, e.g. "name==1.2.3".');
        continue;
      }
      requirements.push(req);
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      report('requirements.invalid_line', `${JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line)} is not a PEP 508 requirement: ${err.message}`, 'Write name[extras] specifiers ; marker, e.g. "requests[socks]>=2.31,<3 ; python_version >= \'3.8\'".');
    }
  }
  return { requirements, diagnostics };
}

export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function parseRequirementLine(input: string, lineNo: number): Requirement {
  let s = input;
  const hashes: string[] = [];
  s = s.replace(/\s+--hash[=\s]([A-Za-z0-9]+:[0-9a-fA-F]+)/g, (_, h: string) => {
    hashes.push(h);
    return '';
  });
  if (/\s--?[a-z]/.test(s)) throw new LineError('per-requirement pip options other than --hash are not supported');
  const nameMatch = NAME.exec(s);
  if (!nameMatch) throw new LineError('it does not start with a package name');
  const name = nameMatch[0];
  let rest = s.slice(name.length).trimStart();
  const extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new LineError('unclosed [extras]');
    const inner = rest.slice(1, close).trim();
    if (inner !== '') {
      for (const e of inner.split(',')) {
        const x = e.trim();
        if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(x)) throw new LineError(`invalid extra "${x}"`);
        extras.push(x);
      }
    }
    rest = rest.slice(close + 1).trimStart();
  }
  let marker: string | undefined;
  let url: string | undefined;
  const specifiers: Requirement['specifiers'] = [];
  if (rest.startsWith('@')) {
    // Direct reference: the URL runs to whitespace; a marker must follow " ;".
    const m = /^@\s*(\S+)(?:\s+;\s*(.*))?$/.exec(rest);
    if (!m) throw new LineError('a URL requirement needs "name @ url" and " ; marker" after a space');
    url = m[1]!;
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(url)) throw new LineError(`"${url}" is not a URL`);
    if (m[2] !== undefined) marker = m[2].trim();
  } else {
    const semi = rest.indexOf(';');
    let spec = (semi >= 0 ? rest.slice(0, semi) : rest).trim();
    if (semi >= 0) marker = rest.slice(semi + 1).trim();
    if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
    if (spec !== '') {
      for (const part of spec.split(',')) {
        const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/.exec(part);
        if (!m) throw new LineError(`"${part.trim()}" is not a version specifier (==, !=, <=, >=, <, >, ~=, ===)`);
        const [, operator, version] = m as unknown as [string, string, string];
        const wildcard = (operator === '==' || operator === '!=') && version.endsWith('.*');
        const base = wildcard ? version.slice(0, -2) : version;
        if (operator !== '===' && !PEP440.test(base)) throw new LineError(`"${version}" is not a PEP 440 version`);
        if (operator === '~=' && !base.includes('.')) throw new LineError('~= needs at least two release numbers (e.g. ~=1.4)');
        specifiers.push({ operator, version });
      }
    }
  }
  if (marker !== undefined) {
    if (marker === '') throw new LineError('empty environment marker after ";"');
    checkMarker(marker);
  }
  const req: Requirement = { name, normalizedName: normalizePackageName(name), extras, specifiers, hashes, line: lineNo };
  if (url !== undefined) req.url = url;
  if (marker !== undefined) req.marker = marker;
  return req;
}

/** Checks a PEP 508 marker's grammar: `var op "str"` comparisons joined by and/or, with parentheses. */
function checkMarker(marker: string): void {
  const tokens = marker.match(/\s*(\(|\)|'[^']*'|"[^"]*"|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|[A-Za-z_][A-Za-z0-9_.]*|\S)/g)?.map((t) => t.trim()) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const value = () => {
    const t = tokens[i++];
    if (t === undefined) throw new LineError('marker ends too early');
    if (/^['"]/.test(t)) return;
    if (!MARKER_VARS.has(t)) throw new LineError(`unknown marker variable "${t}"`);
  };
  const comparison = () => {
    if (peek() === '(') {
      i++;
      expr();
      if (tokens[i++] !== ')') throw new LineError('unbalanced parentheses in marker');
      return;
    }
    value();
    const op = tokens[i++];
    if (op === undefined || !/^(?:===|==|!=|<=|>=|~=|<|>|in|not\s+in)$/.test(op)) throw new LineError(`expected a comparison in marker, got "${op ?? 'end'}"`);
    value();
  };
  const expr = () => {
    comparison();
    while (peek() === 'and' || peek() === 'or') {
      i++;
      comparison();
    }
  };
  expr();
  if (i !== tokens.length) throw new LineError(`unexpected "${tokens[i]}" in marker`);
}
