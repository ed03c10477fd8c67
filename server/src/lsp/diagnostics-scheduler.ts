import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { DiagnosticsFeature } from './features/diagnostics.js';
import type { DocumentStore } from './documents.js';

// Publishes diagnostics after edits. Each edit cancels the check still pending for the previous version,
// so a burst of keystrokes is checked once, for the text that is actually on screen. The check waits a
// few milliseconds (`delayMs`) so that edits already queued behind this one can supersede it: the
// JSON-RPC layer hands over one message per event-loop turn. Documents that import a changed file are
// re-checked too.

export type Publish = (uri: string, version: number, diagnostics: LspDiagnostic[]) => void;

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** How many checks were started and how many were cancelled before running (for tests and the bench). */
  readonly stats = { runs: 0, cancelled: 0 };

  constructor(
    private readonly documents: DocumentStore,
    private readonly feature: DiagnosticsFeature,
    private readonly publish: Publish,
    private readonly delayMs = 8,
    private readonly onError?: (uri: string, err: unknown) => void,
  ) {}

  /** The document changed: check it (and the open files that import it) once the burst is over. */
  changed(uri: string): void {
    this.schedule(uri);
    const path = this.documents.get(uri)?.path;
    if (path) for (const dep of this.documents.dependentsOf(path)) if (dep.uri !== uri) this.schedule(dep.uri);
  }

  /** Re-check every open document (settings or files on disk changed). */
  all(): void {
    for (const d of this.documents.all()) this.schedule(d.uri);
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.publish(uri, 0, []);
  }

  /** Resolves when no check is pending (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  private schedule(uri: string): void {
    this.cancel(uri);
    const version = this.documents.get(uri)?.version;
    const handle = setTimeout(() => {
      this.pending.delete(uri);
      const doc = this.documents.get(uri);
      if (!doc || doc.version !== version) return; // superseded or closed meanwhile
      this.stats.runs++;
      try {
        this.publish(uri, doc.version, this.feature.compute(uri));
      } catch (err) {
        // The checker promises never to throw; if it does, say so once rather than take the server down.
        this.onError?.(uri, err);
      }
    }, this.delayMs);
    this.pending.set(uri, handle);
  }

  private cancel(uri: string): void {
    const h = this.pending.get(uri);
    if (h) {
      clearTimeout(h);
      this.pending.delete(uri);
      this.stats.cancelled++;
    }
  }
}
