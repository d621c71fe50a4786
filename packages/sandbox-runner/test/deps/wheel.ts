import { spawnSync } from 'node:child_process';

/** Builds a real, minimal pure-Python wheel with Python's zipfile (no PyPI here): `import <name>; <name>.VALUE`. */
export function buildWheel(dir: string, name: string, version: string, value: number): string {
  const script = `
import zipfile, hashlib, base64, sys
name, version, value, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
files = {f'{name}/__init__.py': f'VALUE = {value}\\n'.encode(),
         f'{name}-{version}.dist-info/METADATA': f'Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n'.encode(),
         f'{name}-{version}.dist-info/WHEEL': b'Wheel-Version: 1.0\\nGenerator: maidkit-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}
rec = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(b).digest()).rstrip(b'=').decode()},{len(b)}" for n, b in files.items()]
rec.append(f'{name}-{version}.dist-info/RECORD,,')
files[f'{name}-{version}.dist-info/RECORD'] = ('\\n'.join(rec) + '\\n').encode()
with zipfile.ZipFile(f'{out}/{name}-{version}-py3-none-any.whl', 'w') as z:
    for n, b in files.items(): z.writestr(n, b)
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script, name, version, String(value), dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return `${dir}/${name}-${version}-py3-none-any.whl`;
}

/** A plugin that imports the wheel's package and reports its VALUE on `!value`. */
export const IMPORTING_PLUGIN = (module: string) => `
from mmo_maid_sdk import Plugin, Context
import ${module}
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    if event.get("content") == "!value":
        ctx.discord.send_message(channel_id=event["channel_id"], content="value=" + str(${module}.VALUE) + " from " + ${module}.__file__)
plugin.run()
`;
