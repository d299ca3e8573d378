// A gRPC client for the Notes service (grpc/notes.proto), for the gRPC end-to-end tests.
//
//   node grpc-client.mjs --target HOST:PORT --ca CA.pem --call CreateNote|GetNote|ListNotes|DeleteNote
//       [--request JSON] [--server-name NAME] [--gzip] [--deadline-ms N] [--metadata key=value]...
//
// TLS is verified against CA.pem only. Through a proxy, set grpc_proxy (or https_proxy) to
// http://agent:key@127.0.0.1:PORT: @grpc/grpc-js tunnels with CONNECT and sends the credentials
// from the URL. --server-name checks the certificate for NAME and sends it as SNI and :authority
// (to reach a local server by address without a proxy). --gzip compresses every request message
// (grpc-encoding: gzip).
//
// Prints one line of JSON: {"code": 0, "codeName": "OK", "details": "...", "metadata": {...},
// "messages": [...]}, where metadata holds the response headers and trailers (non-binary keys) and
// messages the responses received (a stream's in order). Exits 0 when the call ended with any
// status, 2 on bad arguments.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { notesService, parseArgs } from './grpc/notes.mjs';

const CALLS = ['CreateNote', 'GetNote', 'ListNotes', 'DeleteNote'];

function usage(message) {
  process.stderr.write(`grpc-client: ${message}\n`
    + 'usage: node grpc-client.mjs --target HOST:PORT --ca CA.pem --call CreateNote|GetNote|ListNotes|DeleteNote'
    + ' [--request JSON] [--server-name NAME] [--gzip] [--deadline-ms N] [--metadata key=value]...\n');
  process.exit(2);
}

let args;
try {
  args = parseArgs(process.argv.slice(2), ['metadata']);
} catch (e) {
  usage(e.message);
}
if (typeof args.target !== 'string' || typeof args.ca !== 'string') {
  usage('--target and --ca are required');
}
if (!CALLS.includes(args.call)) {
  usage(`--call ${args.call ?? ''} (expected one of ${CALLS.join(', ')})`);
}
let request;
try {
  request = args.request === undefined ? {} : JSON.parse(args.request);
} catch (e) {
  usage(`--request is not JSON: ${e.message}`);
}
const deadlineMs = args['deadline-ms'] === undefined ? 20000 : Number(args['deadline-ms']);
if (!Number.isInteger(deadlineMs) || deadlineMs <= 0) {
  usage(`--deadline-ms ${args['deadline-ms']} (expected a positive integer)`);
}
const metadata = new grpc.Metadata();
for (const kv of args.metadata ?? []) {
  const eq = typeof kv === 'string' ? kv.indexOf('=') : -1;
  if (eq <= 0) {
    usage(`--metadata ${kv} (expected key=value)`);
  }
  metadata.add(kv.slice(0, eq), kv.slice(eq + 1));
}

const options = {};
if (typeof args['server-name'] === 'string') {
  options['grpc.ssl_target_name_override'] = args['server-name'];
  options['grpc.default_authority'] = args['server-name'];
}
if (args.gzip === true) {
  options['grpc.default_compression_algorithm'] = 2; // gzip
}
const Notes = notesService();
const client = new Notes(args.target, grpc.credentials.createSsl(readFileSync(args.ca)), options);

const messages = [];
const received = {};
function keep(md) {
  for (const [k, v] of Object.entries(md.getMap())) {
    if (!k.endsWith('-bin')) {
      received[k] = String(v);
    }
  }
}

function finish(status) {
  process.stdout.write(JSON.stringify({
    code: status.code,
    codeName: Object.keys(grpc.status).find((k) => grpc.status[k] === status.code) ?? String(status.code),
    details: status.details,
    metadata: received,
    messages,
  }) + '\n');
  client.close();
}

const deadline = new Date(Date.now() + deadlineMs);
if (args.call === 'ListNotes') {
  const call = client.ListNotes(request, metadata, { deadline });
  call.on('metadata', keep);
  call.on('data', (m) => messages.push(m));
  call.on('error', () => {}); // the status event reports it
  call.on('status', (status) => {
    keep(status.metadata);
    finish(status);
  });
} else {
  const call = client[args.call](request, metadata, { deadline }, (err, response) => {
    if (response) {
      messages.push(response);
    }
    void err; // the status event reports it
  });
  call.on('metadata', keep);
  call.on('status', (status) => {
    keep(status.metadata);
    // The callback may run after the status event: wait one turn so a response is counted.
    setImmediate(() => finish(status));
  });
}
