#!/usr/bin/env python3
"""A real gRPC server for the GRPCTransport tests (service `test.Test`, raw bytes, no codegen).

Usage: grpc_test_server.py --port N [--tls-cert PEM --tls-key PEM] [--client-ca PEM]
Prints `ready <port>` (flushed) once listening; `--port 0` picks a free port. Listens on
[::] (IPv6 and IPv4). Needs grpcio (tested with grpcio==1.85.1).

The GRPCTransport tests expect three instances (TLS material from shared/testdata/tls):
  grpc_test_server.py --port P1                                      FLIGHTSQL_TEST_GRPC_URL=grpc://127.0.0.1:P1
  grpc_test_server.py --port P2 --tls-cert server.pem --tls-key server.key
                                                                     FLIGHTSQL_TEST_GRPC_TLS_URL=grpc+tls://localhost:P2
  grpc_test_server.py --port P3 --tls-cert server.pem --tls-key server.key --client-ca ca.pem
                                                                     FLIGHTSQL_TEST_GRPC_MTLS_URL=grpc+tls://localhost:P3
and FLIGHTSQL_TEST_TLS_DIR=<shared/testdata/tls>.

Methods (requests and responses are raw bytes, mostly ASCII text):
  Echo      unary: echoes the request; request metadata `x-echo-*` comes back as
            response headers and as trailers.
  Fail      unary: request "<code>:<message>" ends the call with that status and message.
  Stream    server streaming: request "<count>:<size>" sends count messages of size bytes.
  Collect   client streaming: replies "<total bytes>:<count>".
  BidiEcho  bidirectional: echoes every message.
  Sleep     unary: request "<ms>[:<tag>]" sleeps, honouring the deadline and cancellation;
            the outcome ("completed"/"cancelled"/"deadline") is recorded under <tag>.
  Started   unary: request "<tag>" waits (up to 5 s) until Sleep with that tag is running;
            returns "started" or "unknown".
  Outcome   unary: request "<tag>" returns the outcome recorded by Sleep (waits up to 5 s
            for one; "unknown" if there is none).
  Big       unary: request "<size>" returns a message of that many bytes.
  Headers   unary: returns the request metadata as "name: value" lines (binary values
            as hex), plus "time-remaining: <seconds>" when a deadline was sent.
  Spawn     unary: starts a private child server (plaintext) and returns its port, so that
            a test may kill it with StreamThenDie without disturbing others. A request
            "max-age=<ms>" makes the child send GOAWAY to connections older than that.
  StreamThenDie  server streaming: "<count>:<size>" sends count messages then the
            process exits abruptly (use only on a spawned child).
  Shutdown  unary: request "<grace ms>" stops the server gracefully (GOAWAY, then in-flight
            calls get the grace period) shortly after replying (use only on a spawned child).
  SpawnEvil unary: request "<mode>" starts a raw HTTP/2 listener (plaintext, hand-made
            frames) that answers the first request with a malformed response, and returns its
            port. Modes: compressed, huge-prefix, bad-flag, bad-status, truncated, html,
            garbage, close-mid-frame, rst (see EVIL_MODES).
  SpawnNoALPN  unary, on a TLS server: starts a plain TLS listener (same certificate) that
            completes handshakes without selecting ALPN h2, and returns its port.
"""
import argparse
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from concurrent import futures

import grpc

CODES = {code.value[0]: code for code in grpc.StatusCode}
OUTCOMES = {}
OUTCOMES_LOCK = threading.Condition()
CHILDREN = []
SERVER = None
ARGS = None


def _echo_metadata(context):
    return tuple((k, v) for k, v in context.invocation_metadata() if k.startswith("x-echo-"))


def echo(request, context):
    echoed = _echo_metadata(context)
    if echoed:
        context.send_initial_metadata(echoed)
        context.set_trailing_metadata(echoed)
    return request


def fail(request, context):
    text = request.decode("utf-8")
    code, _, message = text.partition(":")
    echoed = _echo_metadata(context)
    if echoed:
        context.set_trailing_metadata(echoed)
    context.abort(CODES[int(code)], message)


def _count_size(request):
    count, _, size = request.decode().partition(":")
    return int(count), int(size)


def stream(request, context):
    count, size = _count_size(request)
    payload = b"s" * size
    for _ in range(count):
        yield payload


def stream_then_die(request, context):
    count, size = _count_size(request)
    payload = b"d" * size
    for _ in range(count):
        yield payload
    # grpcio sends yielded messages from its own threads; give them time to reach the socket
    # before dying, even on a loaded machine (0.2 s lost messages under load).
    time.sleep(1.0)
    os._exit(1)


def collect(request_iterator, context):
    total = 0
    count = 0
    for message in request_iterator:
        total += len(message)
        count += 1
    return f"{total}:{count}".encode()


def bidi_echo(request_iterator, context):
    for message in request_iterator:
        yield message


def _record(tag, outcome):
    if tag:
        with OUTCOMES_LOCK:
            OUTCOMES[tag] = outcome
            OUTCOMES_LOCK.notify_all()


def sleep(request, context):
    text = request.decode()
    ms, _, tag = text.partition(":")
    _record(tag, "started")
    end = time.monotonic() + int(ms) / 1000.0
    while time.monotonic() < end:
        if not context.is_active():
            remaining = context.time_remaining()
            _record(tag, "deadline" if remaining is not None and remaining <= 0 else "cancelled")
            return b""
        time.sleep(0.01)
    _record(tag, "completed")
    return b"slept"


def _wait_for(tag, done):
    deadline = time.monotonic() + 5
    with OUTCOMES_LOCK:
        while not done(OUTCOMES.get(tag)) and time.monotonic() < deadline:
            OUTCOMES_LOCK.wait(0.1)
        return OUTCOMES.get(tag, "unknown")


def started(request, context):
    state = _wait_for(request.decode(), lambda state: state is not None)
    return b"started" if state != "unknown" else b"unknown"


def outcome(request, context):
    return _wait_for(request.decode(), lambda state: state not in (None, "started")).encode()


def big(request, context):
    return b"b" * int(request.decode())


def headers(request, context):
    lines = []
    for key, value in context.invocation_metadata():
        if isinstance(value, bytes):
            value = "hex:" + value.hex()
        lines.append(f"{key}: {value}")
    remaining = context.time_remaining()
    if remaining is not None and remaining < 1e6:
        lines.append(f"time-remaining: {remaining:.3f}")
    return "\n".join(lines).encode()


def spawn(request, context):
    extra = []
    text = request.decode()
    if text.startswith("max-age="):
        extra = ["--max-connection-age-ms", text[len("max-age="):]]
    child = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--port", "0", "--exit-with-parent"] + extra,
        stdout=subprocess.PIPE, text=True)
    CHILDREN.append(child)
    line = child.stdout.readline().split()
    if len(line) != 2 or line[0] != "ready":
        context.abort(grpc.StatusCode.INTERNAL, "child server did not start")
    return line[1].encode()


def shutdown(request, context):
    grace = int(request.decode() or "0") / 1000.0
    threading.Timer(0.1, lambda: SERVER.stop(grace)).start()
    return b"stopping"


def spawn_no_alpn(request, context):
    if not ARGS.tls_cert:
        context.abort(grpc.StatusCode.FAILED_PRECONDITION, "SpawnNoALPN needs a TLS server")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(ARGS.tls_cert, ARGS.tls_key)
    tls.set_alpn_protocols(["http/1.1"])  # never h2: a TLS server that is not a gRPC server
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            connection, _ = listener.accept()
            try:
                with tls.wrap_socket(connection, server_side=True) as stream:
                    stream.settimeout(5)
                    stream.recv(1024)
            except (OSError, ssl.SSLError):
                pass

    threading.Thread(target=serve, daemon=True).start()
    return str(listener.getsockname()[1]).encode()


def _frame(kind, flags, stream, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


def _hpack(headers):
    # Literal header fields without indexing, new names, no Huffman coding (RFC 7541 6.2.2).
    # Lengths stay below 127, so each fits the 7-bit prefix.
    block = b""
    for name, value in headers:
        block += b"\x00" + bytes([len(name)]) + name.encode() + bytes([len(value)]) + value.encode()
    return block


GRPC_HEADERS = [(":status", "200"), ("content-type", "application/grpc")]
DATA, HEADERS, RST_STREAM, SETTINGS = 0, 1, 3, 4
END_STREAM, END_HEADERS = 0x1, 0x4
EVIL_MODES = {
    # A message flagged as compressed although the client offered no compression.
    "compressed": [_frame(HEADERS, END_HEADERS, 1, _hpack(GRPC_HEADERS)), _frame(DATA, 0, 1, b"\x01\x00\x00\x00\x01x")],
    # A length prefix of 4 GiB - 1.
    "huge-prefix": [_frame(HEADERS, END_HEADERS, 1, _hpack(GRPC_HEADERS)), _frame(DATA, 0, 1, b"\x00\xff\xff\xff\xff")],
    # A flag byte that is neither 0 nor 1.
    "bad-flag": [_frame(HEADERS, END_HEADERS, 1, _hpack(GRPC_HEADERS)), _frame(DATA, 0, 1, b"\x07\x00\x00\x00\x00")],
    # A Trailers-Only response whose grpc-status is not a number.
    "bad-status": [_frame(HEADERS, END_HEADERS | END_STREAM, 1, _hpack(GRPC_HEADERS + [("grpc-status", "abc")]))],
    # Half a message, then trailers claiming success.
    "truncated": [_frame(HEADERS, END_HEADERS, 1, _hpack(GRPC_HEADERS)), _frame(DATA, 0, 1, b"\x00\x00\x00\x00\x09abc"),
                  _frame(HEADERS, END_HEADERS | END_STREAM, 1, _hpack([("grpc-status", "0")]))],
    # Not gRPC at all.
    "html": [_frame(HEADERS, END_HEADERS, 1, _hpack([(":status", "200"), ("content-type", "text/html")])), _frame(DATA, END_STREAM, 1, b"<html></html>")],
    # Bytes that are not HTTP/2 frames (a frame of unknown type 0x0A with a huge length).
    "garbage": [b"\xff\xff\xff\x0a\x00\x00\x00\x00\x01" + b"\x00" * 64],
    # Half of a DATA frame, then the connection closes.
    "close-mid-frame": [_frame(HEADERS, END_HEADERS, 1, _hpack(GRPC_HEADERS)), _frame(DATA, 0, 1, b"\x00\x00\x00\x00\x10" + b"y" * 16)[:12]],
    # The stream is reset with INTERNAL_ERROR.
    "rst": [_frame(RST_STREAM, 0, 1, (2).to_bytes(4, "big"))],
}


def _serve_evil(connection, mode):
    with connection:
        connection.settimeout(5)
        buffer = b""
        while len(buffer) < 24:
            chunk = connection.recv(65536)
            if not chunk:
                return
            buffer += chunk
        buffer = buffer[24:]
        connection.sendall(_frame(SETTINGS, 0, 0) + _frame(SETTINGS, 1, 0))
        # Read frames until the client's request HEADERS (stream 1) has arrived.
        while True:
            while len(buffer) < 9:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            length = int.from_bytes(buffer[:3], "big")
            kind = buffer[3]
            while len(buffer) < 9 + length:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            buffer = buffer[9 + length:]
            if kind == HEADERS:
                break
        for frame in EVIL_MODES[mode]:
            connection.sendall(frame)
        if mode == "close-mid-frame":
            # An orderly close (FIN) mid-frame: stop writing, then read until the client
            # closes. Closing with request bytes still unread (the client's DATA or SETTINGS
            # ACK may arrive after its HEADERS) would make the kernel send a reset instead,
            # and the client would rightly report "connection reset", not a closed connection.
            connection.shutdown(socket.SHUT_WR)
            try:
                while connection.recv(65536):
                    pass
            except OSError:
                pass
            return
        try:
            time.sleep(2)
        except OSError:
            pass


def spawn_evil(request, context):
    mode = request.decode()
    if mode not in EVIL_MODES:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "unknown mode " + mode)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=_serve_evil, args=(connection, mode), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return str(listener.getsockname()[1]).encode()


def identity(x):
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--client-ca", help="require a client certificate signed by this CA")
    parser.add_argument("--max-connection-age-ms", type=int, help="send GOAWAY to connections older than this")
    parser.add_argument("--exit-with-parent", action="store_true", help="exit when the parent process ends (spawned children)")
    args = parser.parse_args()
    # SIGTERM runs the cleanup below (children are killed), instead of dying at once.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if args.exit_with_parent:
        parent = os.getppid()

        def watch_parent():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)

        threading.Thread(target=watch_parent, daemon=True).start()
    global SERVER, ARGS
    ARGS = args

    handlers = {
        "Echo": grpc.unary_unary_rpc_method_handler(echo, identity, identity),
        "Fail": grpc.unary_unary_rpc_method_handler(fail, identity, identity),
        "Stream": grpc.unary_stream_rpc_method_handler(stream, identity, identity),
        "StreamThenDie": grpc.unary_stream_rpc_method_handler(stream_then_die, identity, identity),
        "Collect": grpc.stream_unary_rpc_method_handler(collect, identity, identity),
        "BidiEcho": grpc.stream_stream_rpc_method_handler(bidi_echo, identity, identity),
        "Sleep": grpc.unary_unary_rpc_method_handler(sleep, identity, identity),
        "Started": grpc.unary_unary_rpc_method_handler(started, identity, identity),
        "Outcome": grpc.unary_unary_rpc_method_handler(outcome, identity, identity),
        "Big": grpc.unary_unary_rpc_method_handler(big, identity, identity),
        "Headers": grpc.unary_unary_rpc_method_handler(headers, identity, identity),
        "Spawn": grpc.unary_unary_rpc_method_handler(spawn, identity, identity),
        "Shutdown": grpc.unary_unary_rpc_method_handler(shutdown, identity, identity),
        "SpawnEvil": grpc.unary_unary_rpc_method_handler(spawn_evil, identity, identity),
        "SpawnNoALPN": grpc.unary_unary_rpc_method_handler(spawn_no_alpn, identity, identity),
    }
    options = [
        ("grpc.max_receive_message_length", 256 * 1024 * 1024),
        ("grpc.max_send_message_length", 256 * 1024 * 1024),
    ]
    if args.max_connection_age_ms:
        options += [
            ("grpc.max_connection_age_ms", args.max_connection_age_ms),
            ("grpc.max_connection_age_grace_ms", 5000),
        ]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=256), options=options)
    SERVER = server
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Test", handlers),))
    address = f"[::]:{args.port}"
    if args.tls_cert:
        with open(args.tls_key, "rb") as f:
            key = f.read()
        with open(args.tls_cert, "rb") as f:
            cert = f.read()
        client_ca = None
        if args.client_ca:
            with open(args.client_ca, "rb") as f:
                client_ca = f.read()
        credentials = grpc.ssl_server_credentials(
            [(key, cert)], root_certificates=client_ca, require_client_auth=client_ca is not None)
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    server.start()
    print(f"ready {port}", flush=True)
    try:
        server.wait_for_termination()
    finally:
        for child in CHILDREN:
            child.kill()


if __name__ == "__main__":
    main()
