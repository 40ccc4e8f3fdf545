import { Writable } from 'node:stream';
import { Output } from './output';

function stream(tty: boolean) {
  let text = '';
  const s = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean };
  s.isTTY = tty;
  return { s, text: () => text };
}

describe('CLI output', () => {
  const make = (tty: boolean, json = false, env: NodeJS.ProcessEnv = {}, quiet = false) => {
    const stdout = stream(tty);
    const stderr = stream(tty);
    return { out: new Output(json, { stdout: stdout.s, stderr: stderr.s, env }, quiet), stdout, stderr };
  };

  it('colours and the spinner only on a terminal (and not with NO_COLOR)', () => {
    const tty = make(true);
    tty.out.line(tty.out.paint('green', 'ok'));
    tty.out.spin('waiting');
    tty.out.stopSpinner();
    expect(tty.stdout.text()).toBe('\u001b[32mok\u001b[0m\n');
    expect(tty.stderr.text()).toContain('waiting');

    const pipe = make(false);
    pipe.out.line(pipe.out.paint('green', 'ok'));
    pipe.out.spin('waiting');
    expect(pipe.stdout.text()).toBe('ok\n');
    expect(pipe.stderr.text()).toBe('');

    const plain = make(true, false, { NO_COLOR: '1' });
    plain.out.line(plain.out.paint('green', 'ok'));
    expect(plain.stdout.text()).toBe('ok\n');
  });

  it('tables align columns; --json prints only the data; --quiet only ids', () => {
    const human = make(false);
    human.out.table(
      ['ID', 'NAME'],
      [
        [1, 'a'],
        [22, 'bbb'],
      ],
      '2 rows',
    );
    expect(human.stdout.text()).toBe('ID  NAME\n1   a\n22  bbb\n2 rows\n');

    const json = make(true, true);
    json.out.line('not shown');
    json.out.result({ id: 3 }, () => json.out.line('human'));
    expect(JSON.parse(json.stdout.text())).toEqual({ id: 3 });

    const quiet = make(false, false, {}, true);
    quiet.out.result(
      [{ id: 4 }, { node_id: 'n', id: 9 }, { workload_type: 2, id: 5, pool_id: 1, node_id: 'x' }],
      () => undefined,
    );
    expect(quiet.stdout.text()).toBe('4\nn\n5\n');
  });
});
