/**
 * Everything the CLI prints: human text on stdout (tables, colours and a spinner only on a TTY),
 * or one JSON document per command with `--json`; diagnostics on stderr.
 */
export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
type Colour = keyof typeof CODES;

/** The identifying field of an answer: what `--quiet` prints. */
const ID_FIELDS = ['reservation_id', 'pool_id', 'node_id', 'id', 'tid'];

function idsOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data.flatMap(idsOf);
  if (typeof data !== 'object' || data === null) return [];
  const record = data as Record<string, unknown>;
  // A workload also names its pool and node: its own id is `id`.
  const fields = 'workload_type' in record ? ['reservation_id', 'id'] : ID_FIELDS;
  const field = fields.find((f) => record[f] !== undefined);
  return field ? [record[field]] : [];
}

const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Output {
  readonly colours: boolean;
  private spinner: { timer: NodeJS.Timeout; text: string } | null = null;

  constructor(
    readonly json: boolean,
    private readonly streams: OutputStreams,
    /** `--quiet`: only the ids of what a command created or listed, one a line (for shell variables). */
    private readonly quiet = false,
  ) {
    this.colours = !json && !quiet && streams.stdout.isTTY === true && !streams.env.NO_COLOR;
  }

  paint(colour: Colour, text: string): string {
    return this.colours ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
  }

  /** One human line (skipped in JSON and quiet modes). */
  line(text = ''): void {
    if (this.json || this.quiet) return;
    this.stopSpinner();
    this.streams.stdout.write(`${text}\n`);
  }

  /** The command's result: `data` as JSON, or `human()` as text. */
  result(data: unknown, human: () => void): void {
    this.stopSpinner();
    if (this.json) this.streams.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    else if (this.quiet) for (const id of idsOf(data)) this.streams.stdout.write(`${id}\n`);
    else human();
  }

  /** One JSON line per event (watch in JSON mode streams these). */
  event(data: unknown): void {
    if (this.json) this.streams.stdout.write(`${JSON.stringify(data)}\n`);
  }

  error(message: string): void {
    this.stopSpinner();
    this.streams.stderr.write(`${this.colours ? this.paint('red', 'error:') : 'error:'} ${message}\n`);
  }

  /** `key: value` lines, keys aligned. */
  fields(rows: [string, unknown][]): void {
    const width = Math.max(...rows.map(([key]) => key.length));
    for (const [key, value] of rows) this.line(`${this.paint('dim', key.padEnd(width))}  ${String(value)}`);
  }

  table(headers: string[], rows: unknown[][], footer?: string): void {
    if (rows.length === 0) {
      this.line(this.paint('dim', '(none)'));
      return;
    }
    const cells = rows.map((row) => row.map((cell) => String(cell ?? '')));
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
    const render = (row: string[]) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    this.line(this.paint('bold', render(headers)));
    for (const row of cells) this.line(render(row));
    if (footer) this.line(this.paint('dim', footer));
  }

  /** A spinner on stderr while waiting (TTY only; otherwise nothing). */
  spin(text: string): void {
    if (this.json || this.quiet || this.streams.stderr.isTTY !== true) return;
    this.stopSpinner();
    let frame = 0;
    const draw = () =>
      this.streams.stderr.write(`\r${SPINNER_FRAMES[frame++ % SPINNER_FRAMES.length]} ${text}\u001b[K`);
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    this.spinner = { timer, text };
  }

  stopSpinner(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner.timer);
    this.streams.stderr.write('\r\u001b[K');
    this.spinner = null;
  }
}
