import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

export default defineConfig(createTsupConfig());
