/** Raw HTTP over a TCP socket, for request targets that fetch would refuse to send (`/%`, `//[`). */
import { connect } from 'node:net';

/** What came back: the status, the lower-cased head, and the body. */
export interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** Sends `text` as is to 127.0.0.1:`port` over a new connection; resolves once the server closes it. */
export function raw(port: number, text: string): Promise<RawAnswer> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', fail);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n', 2);
      ok({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head: head.toLowerCase(), body });
    });
  });
}
