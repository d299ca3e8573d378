// An RFC 8441 WebSocket client on Node's http2 module, through Airlock's CONNECT tunnel.
// argv: proxyPort proxyAuthorization caFile host message... ; sends each message as a masked text
// frame after the previous one's answer; prints one JSON line per event, then exits.
// WS_PATH sets the request's :path (default /chat); WS_RESET=1 resets the stream (CANCEL) after the
// first answer instead of sending more.
'use strict';
const http = require('http');
const http2 = require('http2');
const tls = require('tls');
const fs = require('fs');
const crypto = require('crypto');

const [proxyPort, auth, caFile, host, ...messages] = process.argv.slice(2);
const ca = fs.readFileSync(caFile);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
setTimeout(() => { out({ event: 'timeout' }); process.exit(2); }, 10000).unref();

function frame(text) {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > 125) throw new Error('short messages only');
  const mask = crypto.randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

const connect = http.request({ host: '127.0.0.1', port: Number(proxyPort), method: 'CONNECT',
  path: host + ':443', headers: { 'proxy-authorization': auth, host: host + ':443' } });
connect.on('error', (e) => { out({ event: 'error', message: String(e) }); process.exit(1); });
connect.on('connect', (res, socket) => {
  if (res.statusCode !== 200) { out({ event: 'connect', status: res.statusCode }); process.exit(1); }
  const session = http2.connect('https://' + host, {
    createConnection: () => tls.connect({ socket, servername: host, ALPNProtocols: ['h2'], ca }),
  });
  session.on('error', (e) => { out({ event: 'error', message: String(e) }); process.exit(1); });
  session.on('remoteSettings', (settings) => {
    if (!settings.enableConnectProtocol) { out({ event: 'no-connect-protocol' }); process.exit(1); }
    const stream = session.request({ ':method': 'CONNECT', ':protocol': 'websocket', ':scheme': 'https',
      ':path': process.env.WS_PATH || '/chat', ':authority': host, 'sec-websocket-version': '13' });
    let buf = Buffer.alloc(0);
    let next = 0;
    const send = () => { if (next < messages.length) stream.write(frame(messages[next++])); };
    stream.on('response', (h) => {
      out({ event: 'response', status: h[':status'], trace: h['x-airlock-trace-id'] || null,
        accept: h['sec-websocket-accept'] || null });
      send();
    });
    stream.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2) {
        const opcode = buf[0] & 0x0f;
        let len = buf[1] & 0x7f;
        let at = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
        if (buf.length < at + len) return;
        const payload = buf.subarray(at, at + len);
        buf = buf.subarray(at + len);
        if (opcode === 1) {
          out({ event: 'text', text: payload.toString('utf8') });
          if (process.env.WS_RESET === '1') {
            stream.close(http2.constants.NGHTTP2_CANCEL);
            return;
          }
          send();
        } else if (opcode === 8) {
          out({ event: 'close', code: payload.length >= 2 ? payload.readUInt16BE(0) : null,
            reason: payload.subarray(2).toString('utf8') });
        }
      }
    });
    stream.on('close', () => {
      out({ event: 'end', rstCode: stream.rstCode });
      session.close();
      process.exit(0);
    });
    stream.on('error', () => {});
  });
});
connect.end();
