// Runs dynalite on its own thread so the store and the handlers use both
// cores. Requests arrive as messages (no sockets: on this kind of sandbox a
// loopback round trip costs more than dynalite's own work) and are handed to
// dynalite's HTTP request handler with minimal request/response objects.
// It also listens on a loopback port, for tools such as the AWS CLI.
// Plain JavaScript: worker threads do not go through tsx's loader.
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const handle = server.listeners('request')[0];

function dispatch(msg) {
  const req = new EventEmitter();
  req.method = msg.method;
  req.url = msg.path;
  req.headers = msg.headers;
  const headers = {};
  const res = {
    statusCode: 200,
    setHeader: (k, v) => {
      headers[k.toLowerCase()] = String(v);
    },
    end: (body) => {
      parentPort.postMessage({ type: 'response', id: msg.id, statusCode: res.statusCode, headers, body: body ?? '' });
    },
  };
  handle(req, res);
  if (msg.body) req.emit('data', Buffer.from(msg.body));
  req.emit('end');
}

server.on('error', (err) => parentPort.postMessage({ type: 'error', message: err.message }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (msg) => {
  if (msg === 'close') {
    server.closeAllConnections?.();
    server.close(() => {
      parentPort.postMessage({ type: 'closed' });
      process.exit(0);
    });
    return;
  }
  if (msg.type === 'request') dispatch(msg);
});
