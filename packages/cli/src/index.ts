export { main, usage } from './main.js';
export { ExitCode, nodeIO, type CliIO, type CommandRunner } from './io.js';
