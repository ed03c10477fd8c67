import * as vscode from 'vscode';
import type { ThemeKind } from '../../server/src/lsp/protocol.js';

// The server draws hover formulas in the theme's foreground colour; it learns the theme kind from here.

export function currentThemeKind(kind: vscode.ColorThemeKind = vscode.window.activeColorTheme.kind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Light: return 'light';
    case vscode.ColorThemeKind.HighContrast: return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight: return 'highContrastLight';
    default: return 'dark';
  }
}
