import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// The server is built; the page (static/) is plain browser JavaScript served as is.
export default defineConfig(createTsupConfig({ shims: true }));
