import type { ValidationErrorCode, ValidationIssue } from '../errors/ValidationError.js';

type Segment = string | number;

/**
 * Names the offending thing in a message. A component or option object is named (by custom_id, else label)
 * only when an issue is actually reported, so the happy path formats nothing.
 */
export type Subject = string | Record<string, unknown> | undefined;

function nameOf(node: Record<string, unknown>): string | undefined {
  if (typeof node.custom_id === 'string') return `custom_id ${quote(node.custom_id)}`;
  if (typeof node.label === 'string') return `label ${quote(node.label)}`;
  return undefined;
}

function quote(value: string, max = 40): string {
  return JSON.stringify(value.length > max ? value.slice(0, max) + '…' : value);
}

const NO_SEGMENTS: readonly Segment[] = Object.freeze([]);

/**
 * Collects issues while a validator walks a tree. The path is a push/pop stack rather than a new array per
 * node, because validation runs on every message a plugin sends and must not allocate on the happy path.
 */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  private readonly segments: Segment[] = [];

  constructor(private readonly rootSegments: readonly Segment[] = NO_SEGMENTS) {}

  push(segment: Segment): void {
    this.segments.push(segment);
  }

  pop(): void {
    this.segments.pop();
  }

  /** Replaces the innermost segment: a list walk pushes once and moves the index with this. */
  at(segment: Segment): void {
    this.segments[this.segments.length - 1] = segment;
  }

  /** Reports an issue at the current path, optionally one segment deeper (`field`). */
  add(code: ValidationErrorCode, text: string, options: { field?: Segment; hint?: string | undefined; subject?: Subject } = {}): void {
    const segs = options.field === undefined ? this.segments : [...this.segments, options.field];
    const where = formatPath([...this.rootSegments, ...segs]);
    const named = typeof options.subject === 'object' ? nameOf(options.subject) : options.subject;
    const subject = named ? ` (${named})` : '';
    const issue: ValidationIssue = {
      code,
      path: toPointer(segs),
      message: `${where === '' ? '(root)' : where}${subject}: ${text}`,
    };
    if (options.hint !== undefined) issue.hint = options.hint;
    this.issues.push(issue);
  }

  /** The readable location of a path, e.g. `components[0].components[2]`. */
  describeAt(segments: readonly Segment[]): string {
    return formatPath([...this.rootSegments, ...segments]) || '(root)';
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }
}

/** `["components", 1, "label"]` → `/components/1/label` (RFC 6901 escaping). */
export function toPointer(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1');
  return out;
}

/** `["components", 1, "components", 5]` → `components[1].components[5]`, the form people read. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
