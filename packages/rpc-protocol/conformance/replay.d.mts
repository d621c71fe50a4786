import type { Readable, Writable } from 'node:stream';

export interface Vector {
  file: string;
  name: string;
  description: string;
  subject: 'guest';
  steps: Array<Record<string, unknown>>;
}
export interface ReplayTransport {
  garbage: string[];
  isClosed(): boolean;
  write(buf: Buffer): void;
  closeInput(): void;
  next(ms: number): Promise<unknown>;
}
export function loadVectors(dir?: string): Vector[];
export function encodeFrame(message: unknown): Buffer;
export function match(expected: unknown, actual: unknown, bindings: Record<string, unknown>, path?: string): string;
export function replayVector(vector: Vector, transport: ReplayTransport, options?: { timeoutMs?: number }): Promise<{ ok: boolean; error?: string; step?: number }>;
export function connectTransport(stdin: Writable, stdout: Readable): ReplayTransport;
