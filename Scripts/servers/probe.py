#!/usr/bin/env python3
"""Small probes for Scripts/start-test-servers.sh (a clean Debian has no curl).

  probe.py ports N            print N distinct free TCP ports on 127.0.0.1, one per line
  probe.py http URL           exit 0 if GET URL answers 200
  probe.py tcp HOST PORT      exit 0 if a TCP connection succeeds
"""
import socket
import sys
import urllib.request


def main(argv) -> int:
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "ports":
        # Hold every socket open until all are bound so the ports are distinct; the kernel
        # does not hand out a recently closed ephemeral port again right away.
        socks = []
        for _ in range(int(argv[2])):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        for s in socks:
            print(s.getsockname()[1])
            s.close()
        return 0
    if cmd == "http":
        try:
            with urllib.request.urlopen(argv[2], timeout=2) as r:
                return 0 if r.status == 200 else 1
        except Exception:
            return 1
    if cmd == "tcp":
        try:
            socket.create_connection((argv[2], int(argv[3])), timeout=2).close()
            return 0
        except OSError:
            return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
