import { EventStreamParser } from './event-stream';

describe('EventStreamParser', () => {
  it('dispatches a message on a blank line, with its event name and data', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: volume\ndata: {"a":1}\n\n')).toEqual([{ event: 'volume', data: '{"a":1}', id: null }]);
  });

  it('keeps a message split across chunks until its blank line arrives', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: oper')).toEqual([]);
    expect(parser.push('ation\ndata: {"id"')).toEqual([]);
    expect(parser.push(':"x"}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'operation', data: '{"id":"x"}', id: null }]);
  });

  it('ignores comment lines such as keep-alives', () => {
    const parser = new EventStreamParser();
    expect(parser.push(': keep-alive\n\n: keep-alive\n\nevent: ready\ndata: {}\n\n')).toEqual([{ event: 'ready', data: '{}', id: null }]);
  });

  it('joins several data lines with a line feed and names an unnamed message "message"', () => {
    const parser = new EventStreamParser();
    expect(parser.push('data: one\ndata: two\n\n')).toEqual([{ event: 'message', data: 'one\ntwo', id: null }]);
  });

  it('accepts CRLF and CR line ends, even with the CRLF split between chunks', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: a\r\ndata: 1\r')).toEqual([]);
    expect(parser.push('\n\r\nevent: b\rdata: 2\r\r\n')).toEqual([
      { event: 'a', data: '1', id: null },
      { event: 'b', data: '2', id: null },
    ]);
  });

  it('does not carry an event name over to the next message', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: volume\ndata: 1\n\ndata: 2\n\n').map((m) => m.event)).toEqual(['volume', 'message']);
  });

  it('drops a message with no data lines, as browsers do', () => {
    expect(new EventStreamParser().push('event: volume\n\n')).toEqual([]);
  });
});
