import type { Theme, ThemeVars } from './types.js';

/**
 * The seed's theme variables for each theme. Gold accents on warm neutrals; the light palette darkens
 * the golds so text on `--gold-bg` keeps contrast.
 */
export const DEFAULT_THEME_VARS: Readonly<Record<Theme, Readonly<ThemeVars>>> = Object.freeze({
  dark: Object.freeze({
    '--gold': '#d4a94a',
    '--gold-light': '#f0cd7a',
    '--gold-dim': '#8a6d2f',
    '--gold-bg': 'rgba(212, 169, 74, 0.12)',
    '--text': '#ece8e1',
    '--muted': '#9c968c',
    '--border': '#34302a',
    '--surface': '#1c1a17',
    '--depth': '#121110',
    '--green': '#4caf7a',
    '--red': '#e05d5d',
  }),
  light: Object.freeze({
    '--gold': '#9c7016',
    '--gold-light': '#c2922f',
    '--gold-dim': '#6f5212',
    '--gold-bg': 'rgba(156, 112, 22, 0.10)',
    '--text': '#1f1c17',
    '--muted': '#6b655b',
    '--border': '#ddd5c6',
    '--surface': '#ffffff',
    '--depth': '#f4f0e8',
    '--green': '#2e8b57',
    '--red': '#c0392b',
  }),
});

/** The variables for `theme`, with a host's overrides laid over the defaults. */
export function themeVars(theme: Theme, overrides?: Partial<Record<Theme, Partial<ThemeVars>>>): ThemeVars {
  return { ...DEFAULT_THEME_VARS[theme], ...overrides?.[theme] } as ThemeVars;
}

/** Set the variables (and `data-theme`, `color-scheme`) on an element, typically `:root` or a container. */
export function applyThemeVars(el: { style: { setProperty(n: string, v: string): void }; setAttribute(n: string, v: string): void }, theme: Theme, vars: ThemeVars): void {
  for (const [name, value] of Object.entries(vars)) el.style.setProperty(name, value);
  el.style.setProperty('color-scheme', theme);
  el.setAttribute('data-theme', theme);
}
