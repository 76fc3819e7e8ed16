"""Soak the randomised (Hypothesis) tests under fresh random seeds for a given time.

    python tools/soak.py --minutes N [--test sync ...] [--examples K] [--steps S]

CI runs these tests derandomised (the same examples every time, tests/conftest.py); this script explores new
ones. Each run is one Hypothesis run of a test under a new random seed, in its own process (so dict and set
order, PYTHONHASHSEED, differ between runs too). Runs go on, round robin over the chosen tests, until the
time is up; then it prints runs passed/failed per test and, for each failure, the seed and the falsifying
example Hypothesis printed (rerun one with `--seed S --test T --once`). Exit 1 if any run failed.

Tests: `sync` (tests/sync/test_sync_properties.py::TestSyncTree, the five-node state machine: one run =
`--examples` sequences of up to `--steps` steps), `events` (tests/sync/test_event_sync_properties.py: the same
tree with events, their steps and photos; one run = `--examples` seeded walks of `--steps` steps; prints what the
run did), `hlc`, `package` (the package reader fuzz), `idnumber`.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (pytest node id, runs in-process via the state machine instead when "sync")
TESTS = {
    "sync": "tests/sync/test_sync_properties.py::TestSyncTree",
    "events": "tests/sync/test_event_sync_properties.py::TestEventSyncTree",
    "hlc": "tests/core/test_hlc.py",
    "package": "tests/sync/test_package_fuzz.py",
    "idnumber": "tests/core/test_idnumber.py",
}


def run_sync_once(seed: int, examples: int, steps: int, name: str = "sync") -> int:
    """One Hypothesis run of a sync state machine under `seed` (in this process); 0 passed, 1 failed."""
    sys.path.insert(0, str(ROOT))
    from hypothesis import HealthCheck, settings
    from hypothesis.stateful import run_state_machine_as_test

    import gridapp.services.sync as sync_service
    from tests.sync.clock import simulated_clock

    if name == "events":
        return run_event_walks(seed, examples, steps)
    from tests.sync.test_sync_properties import CLOCK, SyncTree

    sync_service.PART_SIZE = 4  # as the test's fixture: many small parts, so crashes land between them
    SyncTree._hypothesis_internal_use_seed = seed  # what hypothesis.seed(...) sets
    conf = settings(max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=False,
                    database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    try:
        with simulated_clock(CLOCK):
            run_state_machine_as_test(SyncTree, settings=conf)
    except Exception as exc:
        # Hypothesis attaches the falsifying example (the steps) to the exception as notes
        notes = "\n".join(getattr(exc, "__notes__", []))
        print(f"{notes}\nFAILED: {type(exc).__name__}: {exc}", flush=True)
        return 1
    return 0


def run_event_walks(seed: int, walks: int, steps: int) -> int:
    """`walks` random walks of the event sync test (tests/sync/test_event_sync_properties.py), each under a seed
    drawn from `seed`; 0 passed, 1 failed (with the walk's seed and steps printed)."""
    import gridapp.services.sync as sync_service
    from tests.sync.clock import simulated_clock
    from tests.sync.test_event_sync_properties import CLOCK, STATS, EventWalk

    sync_service.PART_SIZE = 4  # as the test's fixture
    rng = random.Random(seed)
    for _ in range(walks):
        walk_seed = rng.getrandbits(32)
        try:
            with simulated_clock(CLOCK):
                EventWalk(walk_seed).run(steps)
        except Exception as exc:
            notes = "\n".join(getattr(exc, "__notes__", []))
            print(f"walk seed {walk_seed} (run it: EventWalk({walk_seed}).run({steps}))\n{notes}\n"
                  f"FAILED: {type(exc).__name__}: {exc}", flush=True)
            return 1
    print("did:", ", ".join(f"{k} {v}" for k, v in sorted(STATS.items())), flush=True)
    return 0


def run_pytest_once(name: str, seed: int) -> int:
    env = {**os.environ, "HYPOTHESIS_PROFILE": "random", "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "pytest", TESTS[name], "-q", "-x", "-p", "no:randomly", "-p", "no:cacheprovider",
           f"--hypothesis-seed={seed}"]
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def child(args: argparse.Namespace) -> int:
    if args.test[0] in ("sync", "events"):
        return run_sync_once(args.seed, args.examples, args.steps, args.test[0])
    return run_pytest_once(args.test[0], args.seed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    ap.add_argument("--test", action="append", choices=sorted(TESTS), help="which test (repeatable; default sync)")
    ap.add_argument("--examples", type=int, default=25, help="sync: sequences per run (default 25, as in CI)")
    ap.add_argument("--steps", type=int, default=30, help="sync: steps per sequence (default 30, as in CI)")
    ap.add_argument("--seed", type=int, help="with --once: the seed to run")
    ap.add_argument("--once", action="store_true", help="one run of one test (under --seed), in this process")
    args = ap.parse_args()
    args.test = args.test or ["sync"]
    if args.once:
        args.seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(64)
        print(f"{args.test[0]}: seed {args.seed}", flush=True)
        return child(args)
    deadline = time.monotonic() + args.minutes * 60
    passed = dict.fromkeys(args.test, 0)
    failed: dict[str, list[tuple[int, str]]] = {t: [] for t in args.test}
    rng = random.SystemRandom()
    i = 0
    while time.monotonic() < deadline:
        name = args.test[i % len(args.test)]
        i += 1
        seed = rng.getrandbits(64)
        env = {**os.environ, "PYTHONHASHSEED": str(rng.randrange(1, 2**32)), "QT_QPA_PLATFORM": "offscreen"}
        cmd = [sys.executable, __file__, "--once", "--test", name, "--seed", str(seed),
               "--examples", str(args.examples), "--steps", str(args.steps)]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        took = time.monotonic() - t0
        if proc.returncode == 0:
            passed[name] += 1
            did = [line for line in proc.stdout.splitlines() if line.startswith("did:")]
            print(f"run {i}: {name} seed {seed} passed ({took:.0f} s)" + (f"; {did[-1]}" if did else ""), flush=True)
        else:
            failed[name].append((seed, (proc.stdout + proc.stderr)[-6000:]))
            print(f"run {i}: {name} seed {seed} FAILED ({took:.0f} s; PYTHONHASHSEED={env['PYTHONHASHSEED']})\n"
                  f"{(proc.stdout + proc.stderr)[-6000:]}", flush=True)
    print()
    for name in args.test:
        print(f"{name}: {passed[name]} runs passed, {len(failed[name])} failed"
              + (f" (x{args.examples} sequences of up to {args.steps} steps each)" if name in ("sync", "events") else ""))
        for seed, _ in failed[name]:
            print(f"  failing seed {seed}: python tools/soak.py --once --test {name} --seed {seed}")
    return 1 if any(failed.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
