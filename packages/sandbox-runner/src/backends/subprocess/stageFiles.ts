import { chmodSync, cpSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies a directory to `target` so the sandbox's unprivileged uid can read it (dirs 0755, files 0644
 * or 0755 when executable) and so the host cannot change files under a running plugin. Sources under
 * 0700 directories (mkdtemp, /root) would otherwise be invisible to the sandbox.
 */
export function stageDirectory(source: string, target: string): void {
  mkdirSync(target, { recursive: true, mode: 0o755 });
  // Timestamps are kept so that byte-compiled files (__pycache__) stay valid for their sources.
  cpSync(source, target, { recursive: true, dereference: true, errorOnExist: false, force: true, preserveTimestamps: true });
  openUp(target);
}

function openUp(path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) openUp(join(path, entry));
  } else {
    chmodSync(path, stat.mode & 0o111 ? 0o755 : 0o644);
  }
}

export function removeStaged(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** A cheap fingerprint of a folder's contents: every path with its size and mtime. */
export function treeSignature(root: string): string {
  const parts: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path, `${rel}${entry}/`);
      else parts.push(`${rel}${entry}:${stat.size}:${stat.mtimeMs}:${stat.mode}`);
    }
  };
  walk(root, '');
  return parts.join('\n');
}
