// Why shutdown.int.test.ts met EPIPE instead of a 413 (bench/RESULTS.md, ci2): a refused upload answered
// with Connection: close, Node's HTTP server destroys the socket once the answer is written (destroySoon)
// while the rest of the upload still arrives, and the client's kernel gets a reset. A client still
// writing (slowed here by blocking its event loop, as a loaded machine does) meets EPIPE or ECONNRESET
// before it reads the 413. LINGER=1 does what routes.ts now does: destroySoon only ends the socket.
// `node bench/ci/refusedUpload.mjs; LINGER=1 node bench/ci/refusedUpload.mjs` (20 uploads each).
import { Buffer } from 'node:buffer';
import http from 'node:http';
import net from 'node:net';
import { setTimeout } from 'node:timers';
const LIMIT = 64 * 1024;
let got = 0,
  lost = 0;
const server = http.createServer((req, res) => {
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > LIMIT && !res.headersSent) {
      const socket = req.socket;
      if (process.env.LINGER === '1') socket.destroySoon = () => socket.end();
      req.pause();
      req.removeAllListeners('data');
      res.writeHead(413, { connection: 'close' });
      res.end('too large');
      res.once('finish', () => {
        socket.resume();
        socket.end();
        setTimeout(() => socket.destroy(), 5000).unref();
      });
    }
  });
});
function once(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let answer = '';
    s.on('error', () => {
      lost++;
      resolve();
    });
    s.on('data', (d) => {
      answer += d;
      if (answer.includes('\r\n\r\n')) {
        got++;
        s.destroy();
        resolve();
      }
    });
    s.on('connect', () => {
      s.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(16 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (answer === '' && sent < 16 * LIMIT && !s.destroyed) {
          sent += chunk.length;
          if (sent > 2 * LIMIT) {
            const t = Date.now();
            while (Date.now() - t < 20);
          } // a slow client
          if (!s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) {
            s.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
}
import { fork } from 'node:child_process';
if (process.argv[2] === 'server') server.listen(0, '127.0.0.1', () => process.send(server.address().port));
else {
  const child = fork(process.argv[1], ['server']);
  child.once('message', async (port) => {
    for (let i = 0; i < 20; i++) await once(port);
    child.kill();
    console.log(`LINGER=${process.env.LINGER ?? 0}: 413 read ${got}, connection reset first ${lost}`);
    process.exit(0);
  });
}
