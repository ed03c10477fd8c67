// The colour math is painted in, per VS Code theme kind (the client tells the server which kind is
// active). Close to each kind's default editor foreground, so formulas read like the hover's text.

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export const THEME_COLORS: Readonly<Record<ThemeKind, string>> = {
  light: '#1f1f1f',
  dark: '#d4d4d4',
  highContrast: '#ffffff',
  highContrastLight: '#000000',
};

export function isThemeKind(v: unknown): v is ThemeKind {
  return typeof v === 'string' && Object.hasOwn(THEME_COLORS, v);
}
