// A request the exporter cannot honour: an unknown loss, a document with errors, an unsupported target or
// construct. The message is meant for the user as is; the CLI prints it and exits with status 2.
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}
