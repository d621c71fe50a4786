// Diagnostics and errors
export { type Diagnostic, type Severity, hasErrors, sortDiagnostics, pointer } from './diagnostics.js';
export { MANIFEST_CODES, WARNING_CODES, type ManifestCode } from './codes.js';
export { ManifestError, isManifestCode, type ManifestErrorCode } from './ManifestError.js';

// Capabilities
export {
  CAPABILITIES,
  CAPABILITY_NAMES,
  BASELINE_CAPABILITIES,
  isCapabilityName,
  isBaselineCapability,
  describeCapability,
  type CapabilityInfo,
  type CapabilityName,
} from './capabilities.js';

// Schemas and manifest validation
export { SCHEMAS, validateWithSchema, type SchemaName } from './schemas.js';
export type * from './types.js';
export { parseJsonFile, parseJsonObject, type ParsedJson } from './jsonFile.js';
export { validateMmoManifest, type ManifestValidationOptions, type ValidationResult } from './mmoManifest.js';
export { validateDashboardManifest, dashboardMethods, type DashboardValidationOptions, type DashboardMethodRef } from './dashboardManifest.js';
export { validateWidgetResult, isWidgetResultType, WIDGET_RESULT_TYPES, WIDGET_RESULT_SHAPES, type WidgetResultType, type WidgetResultIssue } from './dashboard/validateWidgetResult.js';
export { validateCasaManifest, CASA_HOOKS, CASA_MAX_CODE_BYTES, type CasaValidationOptions } from './casaManifest.js';
export {
  validateMcdrMetadata,
  validateLinkedDirectory,
  parseMcdrRequirement,
  isMcdrVersion,
  mcdrFallbackId,
  type McdrValidationOptions,
} from './mcdrMetadata.js';
export { validateSlashCommands } from './slashCommands.js';

// Proxy domains, requirements, Python analysis
export { validateProxyDomain, domainMatches, scanProxyDomains, checkProxyDomains, urlsInTokens, type DetectedUrl, type ProxyDomainCheck } from './proxyDomains.js';
export { parseRequirements, normalizePackageName, type Requirement, type RequirementsOptions } from './requirements.js';
export { tokenizePython, stringValue, type Token, type TokenType, type TokenizeResult } from './python/tokenize.js';
export { analyzePython, topLevelFunctions, decoratorArguments, moduleLiteral, type TopLevelFunction, type PythonModuleInfo, type PythonLiteral } from './python/analyze.js';
export { didYouMean, editDistance } from './editDistance.js';
export { capabilityUses, type CapabilityUse } from './capabilityUse.js';

// Bundles
export { readPlugin, loadPlugin, detectFormat } from './bundle/readPlugin.js';
export { readDirectory, type FileSet } from './bundle/readDirectory.js';
export { writeBundleTo, bundleEntries } from './bundle/writeBundleTo.js';
export { legalityCheck } from './bundle/mcdrLayout.js';
export { staticCheck, type StaticCheckReport } from './staticCheck.js';
export type * from './bundle/types.js';

// The safe zip reader
export * from './zip/index.js';
