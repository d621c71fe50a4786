export { DockerBackend, DockerBackendError, type DockerBackendOptions } from './DockerBackend.js';
export { containerOptions, LABEL_HOST, LABEL_ID, LABEL_OWNER, LABEL_SANDBOX, LABEL_SPEC } from './containerConfig.js';
export type { SandboxBackend, SandboxExit, SandboxHandle, SandboxLimits, SandboxSpec } from '../../backend.js';
