import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { analyzePython, decoratorArguments } from '../python/analyze.js';
import { urlsInTokens, type DetectedUrl } from '../proxyDomains.js';
import { capabilityUses, type CapabilityUse } from '../capabilityUse.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a text file as strict UTF-8 (a BOM is dropped), reporting `layout.invalid_utf8`. */
export function decodeText(bytes: Uint8Array, file: string, diagnostics: Diagnostic[]): string | undefined {
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    diagnostics.push(diagnostic('layout.invalid_utf8', 'error', file, `${file} is not valid UTF-8`, { file, hint: 'Save Python sources as UTF-8 (Python 3\'s default source encoding).' }));
    return undefined;
  }
}

export interface PythonScan {
  /** @plugin.on_dashboard("<name>") names, across all files. */
  dashboardHandlers: string[];
  urls: DetectedUrl[];
  /** Calls of capability-gated ctx APIs. */
  capabilityUses: CapabilityUse[];
  /** Decoded text by path, for checks that need it. */
  texts: Map<string, string>;
}

/** Tokenizes every `.py` file once: decoding errors, tokenizer warnings, dashboard handlers, URLs. */
export function scanPythonFiles(files: ReadonlyMap<string, Uint8Array>, diagnostics: Diagnostic[]): PythonScan {
  const scan: PythonScan = { dashboardHandlers: [], urls: [], capabilityUses: [], texts: new Map() };
  for (const [path, bytes] of files) {
    if (!path.endsWith('.py')) continue;
    const text = decodeText(bytes, path, diagnostics);
    if (text === undefined) continue;
    scan.texts.set(path, text);
    const info = analyzePython(text);
    if (info.error) {
      diagnostics.push(diagnostic('python.tokenize_error', 'warning', `${path}:${info.error.line}`, `${path} line ${info.error.line}: ${info.error.message}`, { file: path, hint: 'Python would refuse to load this file; fix the syntax.' }));
    }
    for (const h of decoratorArguments(info.tokens, 'on_dashboard')) scan.dashboardHandlers.push(h.value);
    scan.urls.push(...urlsInTokens(info.tokens, path));
    scan.capabilityUses.push(...capabilityUses(info.tokens, path));
  }
  return scan;
}
