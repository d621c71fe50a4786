import type { SqliteDatabase } from '../host/storage/openDatabase.js';
import type { InstallRecord } from '../host/storage/InstallStore.js';

/** Points a persisted install at the files a hot reload switched it to (so `resume()` runs those). */
export function updateInstallSource(db: SqliteDatabase, record: Pick<InstallRecord, 'installId' | 'pluginDir' | 'entry' | 'pluginVersion'>): void {
  db.prepare('UPDATE installs SET plugin_dir = ?, entry = ?, plugin_version = ?, updated_at = ? WHERE install_id = ?').run(record.pluginDir, record.entry, record.pluginVersion, Date.now(), record.installId);
}
