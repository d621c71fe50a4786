import { describe } from 'vitest';
import { DockerBackend } from '../../src/index.js';
import { dockerReady } from '../docker/engine.js';
import { defineHostDependencySuite } from './host-dependencies.js';

const ready = await dockerReady();
describe.skipIf(!ready)('docker', () => {
  defineHostDependencySuite('the Docker backend', () => new DockerBackend({ hostName: `maidkit-deps-${process.pid}`, warm: { perSpec: 0 } }));
});
