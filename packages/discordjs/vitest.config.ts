import { defineProject } from 'vitest/config';
import { packageProject } from '../../vitest.shared.js';

export default defineProject(packageProject('discordjs'));
