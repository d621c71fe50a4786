import type { Diagnostic } from '../diagnostics.js';
import type { DetectedUrl } from '../proxyDomains.js';
import type { Requirement } from '../requirements.js';
import type { CasaManifest, DashboardManifest, McdrMetadata, MmoManifest } from '../types.js';
import type { ZipLimits } from '../zip/types.js';

export type PluginFormat = 'mmo-maid' | 'casa-cloner' | 'mcdr-solo' | 'mcdr-packed' | 'mcdr-directory' | 'mcdr-linked';

export interface ReadPluginOptions {
  /** Size and count limits for zips and directories alike (defaults: 10 MB zipped, 40 MB, 200 files). */
  limits?: Partial<ZipLimits>;
  /** MMO Maid: accept extra Python modules (`*.py` anywhere) beside `__main__.py`. Default false. */
  allowExtraModules?: boolean;
  /** Unknown manifest fields are errors (publish mode), not warnings. */
  strict?: boolean;
  /** Skip detection and read as this format. */
  format?: PluginFormat;
  /** Base for a relative MCDR linked-directory `target` (MCDR uses its working directory). Default process.cwd(). */
  cwd?: string;
  /** Follow MCDR linked directories (`mcdreforged.linked_directory_plugin.json`). Default true. */
  followLinks?: boolean;
  /**
   * Zips only. `full` (default) inflates and checks every file. `structure` validates the central
   * directory, the layout and limits, and inflates only the metadata files (manifests,
   * requirements.txt, lang/*.json): a fast first pass for uploads. Code-based checks (Casa hooks,
   * dashboard handlers, proxy URL scan) and CRC checks of the other files need `full`.
   */
  depth?: 'full' | 'structure';
}

export interface BundleFile {
  /** `/`-separated path inside the bundle (after stripping a single top-level folder). */
  path: string;
  size: number;
}

export interface DashboardInfo {
  /** dashboard_manifest.json, validated (manifest mode). */
  manifest?: DashboardManifest;
  /** Files under dashboard/ (iframe mode), served to the sandboxed iframe. */
  assets: BundleFile[];
  /** Names registered with @plugin.on_dashboard("<name>") in the Python files. */
  handlers: string[];
}

export interface McdrInfo {
  /** lang/*.json|yml|yaml files MCDR registers. */
  langFiles: string[];
  /** The resolved target directory of a linked directory plugin. */
  linkedTarget?: string;
  skipPackageLegalityCheck: boolean;
  /** The name ends in `.disabled`. */
  disabled: boolean;
}

interface BundleBase {
  /** True when no diagnostic is an error. */
  ok: boolean;
  /** Where it came from: a zip (bytes or a .zip/.mcdr/.pyz path), a directory or a single .py file. */
  source: { kind: 'zip' | 'directory' | 'file'; path?: string; strippedRoot?: string; ignored?: string[] };
  files: BundleFile[];
  /** The entry point file inside the bundle, when found. */
  entry?: string;
  dashboard: DashboardInfo;
  requirements: Requirement[];
  /** Literal https:// URLs found in the Python sources (MMO Maid bundles). */
  detectedUrls: DetectedUrl[];
  diagnostics: Diagnostic[];
  /**
   * Every file's bytes by path. Empty when the source could not be read safely (e.g. a hostile zip);
   * populated otherwise, also when manifest rules fail, so tools can still show the files.
   */
  contents: ReadonlyMap<string, Uint8Array>;
  /** True when read at `structure` depth: `contents` holds the metadata files only. */
  partial: boolean;
}

export interface MmoBundle extends BundleBase {
  format: 'mmo-maid';
  manifest?: MmoManifest;
}

export interface CasaBundle extends BundleBase {
  format: 'casa-cloner';
  manifest?: CasaManifest;
}

export interface McdrBundle extends BundleBase {
  format: 'mcdr-solo' | 'mcdr-packed' | 'mcdr-directory' | 'mcdr-linked';
  manifest?: McdrMetadata;
  mcdr: McdrInfo;
}

export interface UnknownBundle extends BundleBase {
  format: 'unknown';
  manifest?: undefined;
}

export type PluginBundle = MmoBundle | CasaBundle | McdrBundle | UnknownBundle;
