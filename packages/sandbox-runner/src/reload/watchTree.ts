import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** Files under `dirs` as one string of path, size and mtime: equal fingerprints = nothing changed. */
export function fingerprint(dirs: readonly string[], maxFiles = 2000): string {
  const parts: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 16 || parts.length > maxFiles) return;
    if (depth === 0 && isFile(dir)) {
      // A solo .py or a packed .mcdr/.pyz: the file itself.
      const st = statSync(dir);
      parts.push(`${dir}:${st.size}:${st.mtimeMs}`);
      return;
    }
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      parts.push(`${dir}:missing`);
      return;
    }
    for (const name of names) {
      if (name === '__pycache__') continue;
      const path = join(dir, name);
      try {
        const st = statSync(path);
        if (st.isDirectory()) walk(path, depth + 1);
        else parts.push(`${path}:${st.size}:${st.mtimeMs}`);
      } catch {
        /* vanished while walking: the next pass sees it */
      }
    }
  };
  for (const d of dirs) walk(d, 0);
  return parts.join('\n');
}

export interface TreeWatcher {
  close(): void;
  readonly mode: 'watch' | 'poll';
}

/**
 * Calls `onChange` (debounced) when anything under `dirs` changes: `fs.watch` (recursive) where it works,
 * else polling a fingerprint every `pollMs`. `poll: true` forces polling (network file systems, containers
 * where inotify events do not arrive).
 */
export function watchTree(dirs: readonly string[], onChange: () => void, options: { debounceMs: number; pollMs: number; poll: boolean }): TreeWatcher {
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs);
    timer.unref?.();
  };
  if (!options.poll) {
    const watchers: FSWatcher[] = [];
    try {
      for (const d of dirs) {
        const w = watch(d, { recursive: !isFile(d), persistent: false }, (_event, name) => {
          if (typeof name === 'string' && name.includes('__pycache__')) return;
          fire();
        });
        w.on('error', () => {});
        watchers.push(w);
      }
      return {
        mode: 'watch',
        close: () => {
          clearTimeout(timer);
          for (const w of watchers) w.close();
        },
      };
    } catch {
      for (const w of watchers) w.close();
    }
  }
  let last = fingerprint(dirs);
  const poller = setInterval(() => {
    const now = fingerprint(dirs);
    if (now !== last) {
      last = now;
      fire();
    }
  }, options.pollMs);
  poller.unref?.();
  return {
    mode: 'poll',
    close: () => {
      clearTimeout(timer);
      clearInterval(poller);
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
