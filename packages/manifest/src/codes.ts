/**
 * Every diagnostic code this package reports outside `zip.*` (those live in `src/zip`), with the rule
 * it stands for. Codes are stable: a code never changes meaning once released; messages may be reworded.
 * Slash-command problems are reported by `@maidkit/components` and appear here as `slash_commands.<its
 * code in lower case>` (e.g. `slash_commands.invalid_name`).
 */
export const MANIFEST_CODES = {
  // source: what readPlugin was handed
  'source.not_found': 'The path does not exist.',
  'source.unsupported': 'Not a zip, .mcdr/.pyz, directory or .py file.',
  'source.unreadable': 'The file or directory could not be read.',
  'source.unknown_format': 'The bundle matches no known plugin format.',

  // json: any JSON file of a bundle
  'json.invalid_utf8': 'A JSON file is not valid UTF-8.',
  'json.syntax': 'A JSON file does not parse (line and column in the message).',
  'json.not_object': 'A JSON document must be an object.',
  'json.duplicate_key': 'An object repeats a key (a reviewer may read the first, the host would use the last).',

  // layout: which files a bundle may hold
  'layout.missing_manifest': 'The manifest file is missing.',
  'layout.missing_entry': 'The entry point (__main__.py, plugin.py, the MCDR entrypoint module) is missing.',
  'layout.unexpected_file': 'A file outside the format\'s layout.',
  'layout.dashboard_missing_index': 'dashboard/ exists but has no index.html.',
  'layout.too_many_files': 'More files (maxEntries) or directories (maxDirectories) than the limit.',
  'layout.too_large': 'The files add up to more than the uncompressed limit.',
  'layout.file_too_large': 'One file is larger than the per-file limit.',
  'layout.symlink_escape': 'A symbolic link points outside the plugin directory.',
  'layout.symlink_directory': 'A symbolic link to a directory (not followed, to rule out loops).',
  'layout.not_regular_file': 'A device, FIFO, socket or other non-regular file.',
  'layout.ignored_file': 'Python bytecode caches (__pycache__/, *.pyc) in a directory were skipped.',
  'layout.invalid_utf8': 'A Python source file is not valid UTF-8.',

  // manifest: MMO Maid manifest.json
  'manifest.missing_field': 'A required field is missing.',
  'manifest.wrong_type': 'A field has the wrong JSON type.',
  'manifest.unknown_field': 'A field the manifest does not define (an error in strict mode).',
  'manifest.invalid_value': 'A value breaks its schema rule.',
  'manifest.invalid_id': 'id must be 2-64 characters of a-z, 0-9, _ and -, starting with a letter.',
  'manifest.invalid_name': 'name must be 1-100 characters and not blank.',
  'manifest.invalid_version': 'version must be a semantic version (1.2.3, 1.0.0-beta.1).',
  'manifest.missing_description': 'No description (the marketplace shows it).',
  'manifest.description_too_long': 'description is longer than 1000 characters.',
  'manifest.invalid_author': 'author must be 1-100 characters.',
  'manifest.invalid_icon_url': 'icon_url must be an https:// URL.',
  'manifest.invalid_tag': 'A tag must be 1-32 characters.',
  'manifest.too_many_tags': 'More than 20 tags.',
  'manifest.duplicate_item': 'A list repeats an item.',
  'manifest.unknown_capability': 'A capability that is not in the catalogue.',
  'manifest.capability_not_declared': 'The code calls a ctx API whose capability capabilities_required lacks.',
  'manifest.invalid_cron': 'A server_crons spec is not 5 UTC cron fields of the seed grammar (*, */N, N, N,M, N-M, N-M/S).',

  // proxy: proxy_domains_requested and the source scan
  'proxy.invalid_domain': 'Not a valid DNS hostname.',
  'proxy.domain_has_scheme': 'A scheme (https://) where a bare hostname belongs.',
  'proxy.domain_has_path': 'A path, query or fragment where a bare hostname belongs.',
  'proxy.domain_has_port': 'A port where a bare hostname belongs.',
  'proxy.domain_is_ip': 'An IP address; only hostnames may be allow-listed.',
  'proxy.invalid_wildcard': 'A wildcard other than a leading "*." over at least two labels.',
  'proxy.undeclared_domain': 'The source fetches an https:// URL whose host is not declared.',
  'proxy.unused_domain': 'A declared domain that no literal URL in the source uses.',

  // dashboard: dashboard_manifest.json
  'dashboard.missing_field': 'A required field is missing.',
  'dashboard.wrong_type': 'A field has the wrong JSON type.',
  'dashboard.unknown_field': 'A field the dashboard manifest does not define (an error in strict mode).',
  'dashboard.invalid_value': 'A value breaks its schema rule.',
  'dashboard.no_pages': 'pages must hold at least one page.',
  'dashboard.invalid_id': 'Page and widget ids must be 1-64 characters of a-z, 0-9, _ and -.',
  'dashboard.unknown_widget_type': 'A widget type outside the nine supported ones.',
  'dashboard.chart_missing_type': 'A chart widget without chart_type.',
  'dashboard.invalid_chart_type': 'chart_type is not line, bar, area, pie or doughnut.',
  'dashboard.form_missing_fields': 'A form widget without fields.',
  'dashboard.form_missing_save_method': 'A form widget without save_method.',
  'dashboard.unknown_field_type': 'A form field type outside the supported ones.',
  'dashboard.select_missing_options': 'A select form field without options.',
  'dashboard.duplicate_page_id': 'Two pages share an id.',
  'dashboard.duplicate_widget_id': 'Two widgets share an id (ids are unique across all pages).',
  'dashboard.duplicate_field_name': 'Two fields of one form share a name.',
  'dashboard.invalid_rpc_method': 'rpc_method/save_method must be "dashboard.<name>", name matching @plugin.on_dashboard("<name>").',
  'dashboard.handler_not_found': 'No @plugin.on_dashboard("<name>") handler for a method the dashboard calls.',

  // casa: Casa Cloner manifest.json + plugin.py
  'casa.missing_field': 'A required field is missing.',
  'casa.wrong_type': 'A field has the wrong JSON type.',
  'casa.unknown_field': 'A field the loader ignores; it will not survive review unless justified.',
  'casa.invalid_value': 'A value breaks its schema rule.',
  'casa.invalid_id': 'id must be 3-32 characters of a-z, 0-9 and -.',
  'casa.invalid_version': 'version must be MAJOR.MINOR.PATCH.',
  'casa.description_too_long': 'description is longer than 280 characters.',
  'casa.description_html': 'description must be plain text, without HTML.',
  'casa.invalid_category': 'category is not automation, utility, fun, security or other.',
  'casa.invalid_icon_url': 'iconUrl must be an https:// URL.',
  'casa.unknown_permission': 'A permission outside the allow-list.',
  'casa.unknown_hook': 'A hook name the host does not call.',
  'casa.duplicate_item': 'A list repeats an item.',
  'casa.hook_not_defined': 'A declared hook has no top-level def in plugin.py.',
  'casa.hook_not_declared': 'plugin.py defines a hook at top level that hooks does not list.',
  'casa.code_too_large': 'plugin.py is larger than 5 MiB.',

  // mcdr: MCDReforged metadata and layout
  'mcdr.missing_field': 'A required field is missing.',
  'mcdr.wrong_type': 'A field has the wrong JSON type (MCDR aborts the load).',
  'mcdr.invalid_id': 'id must match [a-z][a-z0-9_]{0,63} (a solo plugin falls back to its file name).',
  'mcdr.invalid_version': 'version is not MCDR\'s dotted format; MCDR would use 0.0.0.',
  'mcdr.invalid_dependency': 'A dependency requirement MCDR cannot parse; MCDR would drop it.',
  'mcdr.invalid_entrypoint': 'entrypoint must be the id or start with "<id>.".',
  'mcdr.missing_metadata': 'A solo plugin without a PLUGIN_METADATA literal (MCDR falls back to defaults).',
  'mcdr.metadata_not_literal': 'PLUGIN_METADATA is not a plain Python literal, so it cannot be read statically.',
  'mcdr.metadata_not_at_root': 'The packed plugin keeps mcdreforged.plugin.json in a folder, not at the zip root.',
  'mcdr.directory_is_package': 'A directory with __init__.py at its root is never an MCDR plugin.',
  'mcdr.illegal_package': 'A root package other than the plugin id (package legality check).',
  'mcdr.illegal_module': 'A root module other than the plugin id (package legality check).',
  'mcdr.lang_file_skipped': 'A lang/ file that is not .json, .yml or .yaml (MCDR skips it).',
  'mcdr.lang_invalid': 'A lang/ JSON file that does not parse (MCDR logs and skips it).',
  'mcdr.disabled': 'The plugin name ends in .disabled, so MCDR does not load it.',
  'mcdr.link_target_missing': 'A linked directory plugin without a usable target.',
  'mcdr.link_target_not_found': 'The linked target directory does not exist.',

  // submission: staticCheck against what was submitted
  'submission.id_mismatch': 'The manifest id differs from the plugin id the bundle was submitted as.',
  'submission.version_mismatch': 'The manifest version differs from the submitted version.',

  // python sources
  'python.tokenize_error': 'A Python file could not be tokenized (e.g. an unterminated string).',

  // requirements.txt
  'requirements.invalid_line': 'A line that is not a PEP 508 requirement.',
  'requirements.unsupported_option': 'A pip option line (-r, -e, --index-url …) the host does not run.',
  'requirements.direct_url': 'A requirement fetched from a URL rather than the package index.',
} as const;

export type ManifestCode = keyof typeof MANIFEST_CODES;

/** Codes that are warnings by default; every other code is an error. */
export const WARNING_CODES: ReadonlySet<string> = new Set<ManifestCode>([
  'layout.ignored_file',
  'manifest.unknown_field',
  'manifest.missing_description',
  'manifest.duplicate_item',
  'manifest.capability_not_declared',
  'proxy.undeclared_domain',
  'proxy.unused_domain',
  'dashboard.unknown_field',
  'dashboard.handler_not_found',
  'casa.unknown_field',
  'casa.duplicate_item',
  'mcdr.invalid_version',
  'mcdr.invalid_dependency',
  'mcdr.missing_metadata',
  'mcdr.metadata_not_literal',
  'mcdr.lang_file_skipped',
  'mcdr.lang_invalid',
  'mcdr.disabled',
  'python.tokenize_error',
]);
