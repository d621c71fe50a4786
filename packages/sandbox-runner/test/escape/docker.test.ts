import { DockerBackend } from '../../src/backends/docker/index.js';
import { dockerReady } from '../docker/engine.js';
import { defineEscapeSuite } from './escapeContract.js';
import { describe } from 'vitest';

const ready = await dockerReady();
describe.skipIf(!ready)('docker', () => {
  defineEscapeSuite({
    name: 'Docker backend',
    makeBackend: () => new DockerBackend({ hostName: `maidkit-escape-${process.pid}`, warm: { perSpec: 0 } }),
    python: 'python3',
  });
});
