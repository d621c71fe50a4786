import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ZIP_CODES } from '../../src/zip/index.js';

it('GIVEN the zip README THEN its codes table lists exactly ZIP_CODES', () => {
  const readme = readFileSync(new URL('../../src/zip/README.md', import.meta.url), 'utf8');
  const listed = [...readme.matchAll(/^\| `(zip\.[a-z0-9_]+)` \|/gmu)].map((m) => m[1]);
  expect(listed).toEqual(Object.keys(ZIP_CODES));
});
