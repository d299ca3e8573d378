#!/usr/bin/env python3
"""Loopback git smart-HTTP server that records receive-pack request bodies.

Each POST to .../git-receive-pack is saved (content-decoded, as the proxy would inspect it) to
CAPTURE_DIR/next.bin and next.headers, then handed to git-http-backend so the push really happens.
Usage: capture-server.py PORT_FILE PROJECT_ROOT CAPTURE_DIR
"""
import gzip
import http.server
import os
import subprocess
import sys
import zlib

PORT_FILE, PROJECT_ROOT, CAPTURE_DIR = sys.argv[1:4]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def _serve(self):
        raw = self._read_body() if self.command == "POST" else b""
        encoding = self.headers.get("Content-Encoding", "").lower()
        decoded = raw
        if encoding == "gzip":
            decoded = gzip.decompress(raw)
        elif encoding == "deflate":
            decoded = zlib.decompress(raw)
        path, _, query = self.path.partition("?")
        if self.command == "POST" and path.endswith("/git-receive-pack"):
            with open(os.path.join(CAPTURE_DIR, "next.bin"), "wb") as f:
                f.write(decoded)
            with open(os.path.join(CAPTURE_DIR, "next.headers"), "w") as f:
                for name, value in self.headers.items():
                    f.write(f"{name.lower()}: {value}\n")
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": PROJECT_ROOT,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(decoded)),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "REMOTE_ADDR": "127.0.0.1",
        }
        result = subprocess.run(
            ["/usr/lib/git-core/git-http-backend"], input=decoded, env=env,
            stdout=subprocess.PIPE, check=True)
        head, _, body = result.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _serve
    do_POST = _serve


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
