import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { statSync } from 'node:fs';

/** Names that change without the plugin changing (editor swap files, caches, VCS). */
const IGNORED = /(^|\/)(\.git|__pycache__|\.maidkit|node_modules)(\/|$)|\.(swp|swx|pyc)$|~$|(^|\/)\.#/;

/**
 * Calls `onChange` once per burst of changes (editors write a file in several steps) to a plugin
 * folder, or to a single-file plugin (`.py`, zip). Returns a function that stops watching.
 */
export function watchPlugin(source: string, onChange: (file: string) => void, debounceMs = 150): () => void {
  let isDir = false;
  try {
    isDir = statSync(source).isDirectory();
  } catch {
    return () => {};
  }
  const dir = isDir ? source : dirname(source);
  const only = isDir ? undefined : basename(source);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: isDir }, (_event, name) => {
      const file = name === null ? '' : String(name);
      if (only !== undefined && file !== only) return;
      if (IGNORED.test(file)) return;
      last = file;
      clearTimeout(timer);
      timer = setTimeout(() => onChange(last), debounceMs);
    });
  } catch {
    return () => {};
  }
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
