import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';

/** A scratch directory per test file, removed by `cleanup()`. */
export function scratch(prefix: string) {
  const root = mkdtempSync(join(tmpdir(), `maidkit-manifest-${prefix}-`));
  let n = 0;
  return {
    root,
    /** Writes `files` (path → text or bytes; `{ symlink }` for a link) into a fresh directory. */
    dir(files: Record<string, string | Uint8Array | { symlink: string }>): string {
      const dir = join(root, `d${n++}`);
      mkdirSync(dir, { recursive: true });
      for (const [path, content] of Object.entries(files)) {
        const target = join(dir, path);
        mkdirSync(dirname(target), { recursive: true });
        if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, target);
        else writeFileSync(target, content);
      }
      return dir;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** An honest zip built with jszip (the hostile ones are the zip reader's own suite). */
export async function zipOf(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [path, content] of Object.entries(files)) zip.file(path, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export const HELLO_MAIN = 'from mmo_maid_sdk import Plugin, Context\nplugin = Plugin()\nplugin.run()\n';

export function mmoManifest(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: 'my_plugin', name: 'My Plugin', version: '1.0.0', description: 'Test plugin.', capabilities_required: [], ...extra });
}

export const CASA_CODE = 'def on_load(api):\n    api.log("hi")\n\ndef on_message(api, message):\n    pass\n';

export function casaManifest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'hello-world', name: 'Hello', version: '1.0.0', description: 'Says hello.', author: 'me', category: 'fun', permissions: [], hooks: ['on_load', 'on_message'], ...extra };
}
