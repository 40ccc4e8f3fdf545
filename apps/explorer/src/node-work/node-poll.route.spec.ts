import { pollBody } from './node-poll.route';

describe('pollBody', () => {
  it('is the JSON array of the wires, byte for byte, also with multi-byte characters', () => {
    const wires = ['{"id":1,"name":"plain"}', '{"id":2,"name":"é ☃ 𝄞"}', '{"id":3,"list":[1,2]}'];
    const body = pollBody(wires);
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(body.toString()).toBe(`[${wires.join(',')}]`);
    expect(body.length).toBe(Buffer.byteLength(`[${wires.join(',')}]`));
    expect(JSON.parse(body.toString())).toEqual(wires.map((w) => JSON.parse(w)));
  });

  it('one item has no comma', () => {
    expect(pollBody(['{"id":1}']).toString()).toBe('[{"id":1}]');
  });

  it('an empty page is the literal [] (counted as idle by the poll metrics)', () => {
    expect(pollBody([])).toBe('[]');
  });
});
