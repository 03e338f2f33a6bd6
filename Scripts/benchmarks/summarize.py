#!/usr/bin/env python3
"""Summarize the JSON lines of Scripts/benchmark.sh: one table per server.

  summarize.py RESULTS.jsonl

Each line is one timed run: {"client", "round", "run", "rows", "seconds", "info_seconds",
"first_batch_seconds", "cpu_seconds", ...}. Clients ran interleaved, round after round, so
that load from other processes on the machine hits every client alike. Printed per client:

- median s: median total time over every run of every round;
- time/swift: the median over rounds of (client's median in the round / swift's median in
  the same round), with the lowest and highest round's ratio as the spread;
- ttfb s: median time to the first record batch (GetFlightInfo + DoGet until a batch);
- stream s: median of (total - ttfb), the part spent receiving and decoding batches;
- cpu s: median CPU time (user + system, all threads) of the client process per run.
"""
import json
import statistics
import sys


def main():
    runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip().startswith("{")]
    clients = []
    by_round = {}
    for r in runs:
        if r["client"] not in clients:
            clients.append(r["client"])
        by_round.setdefault(r["round"], {}).setdefault(r["client"], []).append(r)
    rounds = sorted(by_round)
    print(f"{'client':<13}{'rows':>9}{'median s':>10}{'Mrows/s':>9}{'time/swift':>12}{'spread':>13}"
          f"{'ttfb s':>9}{'stream s':>10}{'cpu s':>8}")
    for client in clients:
        rs = [r for r in runs if r["client"] == client]
        median = statistics.median(r["seconds"] for r in rs)
        ratios = []
        for n in rounds:
            mine, ours = by_round[n].get(client), by_round[n].get("swift")
            if mine and ours:
                ratios.append(statistics.median(r["seconds"] for r in mine)
                              / statistics.median(r["seconds"] for r in ours))
        ttfb = statistics.median(r.get("first_batch_seconds", 0.0) for r in rs)
        stream = statistics.median(r["seconds"] - r.get("first_batch_seconds", 0.0) for r in rs)
        cpu = statistics.median(r.get("cpu_seconds", 0.0) for r in rs)
        rows = rs[0]["rows"]
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else "-"
        ratio = statistics.median(ratios) if ratios else float("nan")
        print(f"{client:<13}{rows:>9}{median:>10.3f}{rows / median / 1e6:>9.2f}{ratio:>12.2f}{spread:>13}"
              f"{ttfb:>9.3f}{stream:>10.3f}{cpu:>8.3f}")


if __name__ == "__main__":
    main()
