import { PROTOCOL_VERSION } from './codes.js';
import { EVENT_NAMES, EventPayloadSchemas } from './events.js';
import { METHOD_LIST } from './methods.js';

const DRAFT = 'http://json-schema.org/draft-07/schema#';
const BASE = `https://maidkit.dev/schemas/rpc/${PROTOCOL_VERSION}`;

/** `$/cancelRequest` → `_cancelRequest.json`; everything else is `<method>.json`. */
export function schemaFileName(method: string): string {
  return `${method.replace(/^\$\//, '_').replace(/\//g, '_')}.json`;
}

/**
 * The contents of `schemas/`: one document per method (its params and result schemas, each standalone),
 * `events.json` (payload schema per event) and `index.json`. Generated from the descriptors, so the
 * JSON files can never say something the TypeScript types do not.
 */
export function buildSchemaFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const d of METHOD_LIST) {
    const name = schemaFileName(d.method);
    files[name] = {
      $id: `${BASE}/${name}`,
      title: d.method,
      description: d.description,
      direction: d.direction,
      kind: d.kind,
      ...(d.capability === undefined ? {} : { capability: d.capability }),
      params: { $schema: DRAFT, ...d.params.json },
      ...(d.kind === 'request' ? { result: { $schema: DRAFT, ...d.result.json } } : {}),
    };
  }
  files['events.json'] = {
    $id: `${BASE}/events.json`,
    title: 'event payloads',
    description: 'The payload schema of each of the sixteen events (PROTOCOL.md §6). Payloads are open.',
    events: Object.fromEntries(EVENT_NAMES.map((n) => [n, { $schema: DRAFT, ...EventPayloadSchemas[n].json }])),
  };
  files['index.json'] = {
    $id: `${BASE}/index.json`,
    protocol_version: PROTOCOL_VERSION,
    methods: METHOD_LIST.map((d) => ({
      method: d.method,
      file: schemaFileName(d.method),
      direction: d.direction,
      kind: d.kind,
      capability: d.capability ?? null,
    })),
    events: [...EVENT_NAMES],
  };
  return files;
}
