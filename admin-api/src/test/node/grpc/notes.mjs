// Loads notes.proto for the gRPC server and client scripts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO = join(dirname(fileURLToPath(import.meta.url)), 'notes.proto');

export function notesService() {
  const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, enums: String, defaults: true });
  return grpc.loadPackageDefinition(definition).notes.v1.Notes;
}

/** Parses --name value pairs (and bare --flag) into an object; repeated names collect into arrays. */
export function parseArgs(argv, repeatable = []) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      throw new Error(`unexpected argument ${a}`);
    }
    const name = a.slice(2);
    const next = argv[i + 1];
    const value = next === undefined || next.startsWith('--') ? true : (i++, next);
    if (repeatable.includes(name)) {
      (out[name] ??= []).push(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}
