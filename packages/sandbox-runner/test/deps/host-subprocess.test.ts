import { SubprocessBackend } from '../../src/index.js';
import { defineHostDependencySuite } from './host-dependencies.js';

defineHostDependencySuite('the subprocess (bwrap) backend', () => new SubprocessBackend());
