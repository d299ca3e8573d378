// A TLS gRPC server for the Notes service (grpc/notes.proto), for the gRPC end-to-end tests.
//
//   node grpc-server.mjs --cert CHAIN.pem --key KEY.pem [--host 127.0.0.1] [--port 0] [--record FILE]
//
// Prints {"port": N} on one line once it listens, then one line of JSON per call it receives:
// {"received": {"method": "notes.v1.Notes/CreateNote", "request": {...}, "metadata": {...}}}
// (appended to FILE as well with --record). Metadata is recorded without grpc-* and binary keys.
// Calls: CreateNote stores a note (ids n1, n2, ...); GetNote answers it or NOT_FOUND; ListNotes
// streams the notes whose title or body contains `query`, at most `limit` (0 = all). It stops on
// SIGTERM or when stdin closes.
import { appendFileSync, readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { notesService, parseArgs } from './grpc/notes.mjs';

function usage(message) {
  process.stderr.write(`grpc-server: ${message}\n`
    + 'usage: node grpc-server.mjs --cert CHAIN.pem --key KEY.pem [--host H] [--port N] [--record FILE]\n');
  process.exit(2);
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  usage(e.message);
}
if (typeof args.cert !== 'string' || typeof args.key !== 'string') {
  usage('--cert and --key are required');
}
const host = typeof args.host === 'string' ? args.host : '127.0.0.1';
const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  usage(`--port ${args.port} (expected 0..65535)`);
}

const notes = new Map();

function record(method, call) {
  const metadata = {};
  for (const [k, v] of Object.entries(call.metadata.getMap())) {
    if (!k.startsWith('grpc-') && !k.endsWith('-bin')) {
      metadata[k] = String(v);
    }
  }
  const line = JSON.stringify({ received: { method: `notes.v1.Notes/${method}`, request: call.request, metadata } });
  process.stdout.write(line + '\n');
  if (typeof args.record === 'string') {
    appendFileSync(args.record, line + '\n');
  }
}

const handlers = {
  CreateNote(call, callback) {
    record('CreateNote', call);
    const note = { ...(call.request.note ?? {}), id: `n${notes.size + 1}` };
    notes.set(note.id, note);
    callback(null, note);
  },
  GetNote(call, callback) {
    record('GetNote', call);
    const note = notes.get(call.request.id);
    if (!note) {
      callback({ code: grpc.status.NOT_FOUND, details: `no note ${call.request.id}` });
      return;
    }
    callback(null, note);
  },
  DeleteNote(call, callback) {
    record('DeleteNote', call);
    const note = notes.get(call.request.id);
    if (!note) {
      callback({ code: grpc.status.NOT_FOUND, details: `no note ${call.request.id}` });
      return;
    }
    notes.delete(call.request.id);
    callback(null, note);
  },
  ListNotes(call) {
    record('ListNotes', call);
    const { query = '', limit = 0 } = call.request;
    let sent = 0;
    for (const note of notes.values()) {
      if (limit > 0 && sent >= limit) {
        break;
      }
      if (note.title.includes(query) || note.body.includes(query)) {
        call.write(note);
        sent++;
      }
    }
    call.end();
  },
};

const server = new grpc.Server();
server.addService(notesService().service, handlers);
const credentials = grpc.ServerCredentials.createSsl(null,
  [{ cert_chain: readFileSync(args.cert), private_key: readFileSync(args.key) }], false);
server.bindAsync(`${host}:${port}`, credentials, (err, bound) => {
  if (err) {
    process.stderr.write(`grpc-server: cannot listen on ${host}:${port}: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ port: bound }) + '\n');
});

function stop() {
  server.tryShutdown(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
