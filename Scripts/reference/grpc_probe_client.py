#!/usr/bin/env python3
"""Calls a gRPC server with grpcio as an independent judge of its protocol (raw bytes, no codegen).

Usage: grpc_probe_client.py --target HOST:PORT [--ca PEM [--cert PEM --key PEM]] [--server-name NAME] [--ready-timeout S] [--large-count N]

The server must implement the `test.Test` methods of Scripts/servers/grpc_test_server.py:
Echo (echoes x-echo-* metadata as headers and trailers), Fail ("<code>:<message>"),
Stream ("<count>:<size>"), Collect and BidiEcho. Prints one "ok <check>" line per check
that passed, or "FAIL <check>: <why>" and exits 1 at the first failure.
"""
import argparse
import socket
import ssl
import sys
import time

START = time.monotonic()

import grpc


def check(name, condition, why=""):
    if not condition:
        print(f"FAIL {name}: {why}", flush=True)
        sys.exit(1)
    print(f"ok {name}", flush=True)
    print(f"  ({time.monotonic() - START:.2f} s)", flush=True)


def check_alpn(args):
    """The server must select h2 with ALPN and refuse a client offering only http/1.1."""
    host, _, port = args.target.rpartition(":")

    def handshake(protocols):
        context = ssl.create_default_context(cafile=args.ca)
        if args.cert:
            context.load_cert_chain(args.cert, args.key)
        context.set_alpn_protocols(protocols)
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname=args.server_name or host) as tls:
                return tls.selected_alpn_protocol()

    check("alpn-h2", handshake(["h2", "http/1.1"]) == "h2")
    try:
        selected = handshake(["http/1.1"])
        check("alpn-refuses-http1", False, f"selected {selected!r}")
    except (ssl.SSLError, OSError):
        check("alpn-refuses-http1", True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--ca")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--server-name")
    parser.add_argument("--ready-timeout", type=float, default=10)
    parser.add_argument("--large-count", type=int, default=20, help="1 MiB messages in the large stream")
    args = parser.parse_args()

    if args.ca:
        check_alpn(args)

        def read(path):
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(args.ca),
            private_key=read(args.key) if args.key else None,
            certificate_chain=read(args.cert) if args.cert else None,
        )
        options = [("grpc.ssl_target_name_override", args.server_name)] if args.server_name else []
        channel = grpc.secure_channel(args.target, credentials, options=options)
    else:
        channel = grpc.insecure_channel(args.target)

    with channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=args.ready_timeout)
        except grpc.FutureTimeoutError:
            print("FAIL connect: the channel did not become ready", flush=True)
            sys.exit(1)

        echo = channel.unary_unary("/test.Test/Echo", request_serializer=None, response_deserializer=None)
        response = echo(b"hello from grpcio", timeout=10)
        check("unary", response == b"hello from grpcio", repr(response))
        check("unary-empty", echo(b"", timeout=10) == b"")

        response, call = echo.with_call(
            b"meta", timeout=10,
            metadata=(("x-echo-note", "value"), ("x-echo-blob-bin", b"\x00\x01\xfe\xff")))
        initial = dict(call.initial_metadata())
        trailing = dict(call.trailing_metadata())
        check("metadata-headers", initial.get("x-echo-note") == "value" and initial.get("x-echo-blob-bin") == b"\x00\x01\xfe\xff", repr(initial))
        check("metadata-trailers", trailing.get("x-echo-note") == "value" and trailing.get("x-echo-blob-bin") == b"\x00\x01\xfe\xff", repr(trailing))

        stream = channel.unary_stream("/test.Test/Stream", request_serializer=None, response_deserializer=None)
        sizes = [len(message) for message in stream(b"1000:1000", timeout=30)]
        check("server-streaming", sizes == [1000] * 1000, f"{len(sizes)} messages")

        big = [len(message) for message in stream(f"{args.large_count}:1048576".encode(), timeout=60)]
        check("server-streaming-large", big == [1048576] * args.large_count, f"{len(big)} messages")

        collect = channel.stream_unary("/test.Test/Collect", request_serializer=None, response_deserializer=None)
        check("client-streaming", collect(iter([b"ab", b"cde", b""]), timeout=10) == b"5:3")

        bidi = channel.stream_stream("/test.Test/BidiEcho", request_serializer=None, response_deserializer=None)
        replies = list(bidi(iter([b"one", b"two", b"three"]), timeout=10))
        check("bidi", replies == [b"one", b"two", b"three"], repr(replies))

        fail = channel.unary_unary("/test.Test/Fail", request_serializer=None, response_deserializer=None)
        message = "introuvable: café ✓ 100%"
        try:
            fail(f"5:{message}".encode(), timeout=10, metadata=(("x-echo-reason", "missing"),))
            check("status", False, "no error")
        except grpc.RpcError as error:
            trailing = dict(error.trailing_metadata() or ())
            check("status", error.code() == grpc.StatusCode.NOT_FOUND and error.details() == message,
                  f"{error.code()} {error.details()!r}")
            check("status-trailers", trailing.get("x-echo-reason") == "missing", repr(trailing))

        unknown = channel.unary_unary("/test.Test/Missing", request_serializer=None, response_deserializer=None)
        try:
            unknown(b"", timeout=10)
            check("unimplemented", False, "no error")
        except grpc.RpcError as error:
            check("unimplemented", error.code() == grpc.StatusCode.UNIMPLEMENTED, str(error.code()))
    print("all ok", flush=True)


if __name__ == "__main__":
    main()
