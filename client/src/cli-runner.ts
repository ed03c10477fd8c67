import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import type { ClientSettings } from './settings.js';

// Runs the bundled `losslab` command line (dist/cli.cjs) for the trial and export commands: in a terminal
// when the user should watch it, or as a child process whose output the extension shows. Either way the
// work happens outside the extension host, which stays responsive.

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class CliRunner {
  constructor(
    private readonly cliPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Environment for a run: the trial backend from the settings. */
  env(settings: ClientSettings): Record<string, string> {
    return settings.backend === 'auto' ? {} : { LOSSLAB_BACKEND: settings.backend };
  }

  /** Runs the CLI in a new terminal, so progress and results stay visible. */
  inTerminal(title: string, args: readonly string[], settings: ClientSettings, cwd?: string): vscode.Terminal {
    this.log.info(`terminal: losslab ${args.join(' ')}`);
    const terminal = vscode.window.createTerminal({
      name: title,
      shellPath: process.execPath,
      shellArgs: [this.cliPath, ...args],
      env: { ELECTRON_RUN_AS_NODE: '1', ...this.env(settings) },
      ...(cwd ? { cwd } : {}),
    });
    terminal.show();
    return terminal;
  }

  /** Runs the CLI and collects its output; cancelling the token kills the process. */
  run(args: readonly string[], settings: ClientSettings, token?: vscode.CancellationToken, cwd?: string): Promise<CliResult> {
    this.log.info(`run: losslab ${args.join(' ')}`);
    return new Promise((resolve) => {
      const child = fork(this.cliPath, [...args], {
        silent: true,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...this.env(settings) },
        ...(cwd ? { cwd } : {}),
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d) => (stdout += String(d)));
      child.stderr?.on('data', (d) => {
        stderr += String(d);
        this.log.debug(String(d).trimEnd());
      });
      const sub = token?.onCancellationRequested(() => child.kill());
      child.on('error', (err) => {
        sub?.dispose();
        resolve({ code: null, stdout, stderr: `${stderr}${err.message}` });
      });
      child.on('exit', (code) => {
        sub?.dispose();
        if (code !== 0) this.log.warn(`losslab ${args[0]} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
        resolve({ code, stdout, stderr });
      });
    });
  }
}
