import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// `dashboard`: the widget-result shapes alone, free of Node and of any dependency, for browser renderers.
export default defineConfig(createTsupConfig({ entry: { index: 'src/index.ts', dashboard: 'src/dashboard/validateWidgetResult.ts' } }));
