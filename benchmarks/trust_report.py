"""How much abuse interview has survived: kill points, faults, fuzz examples, failures found.

Runs the trust tests (faults, fuzzing, network, consent scope) with recording on,
then prints what they did::

    /work/venv/bin/python benchmarks/trust_report.py                  # CI's counts
    /work/venv/bin/python benchmarks/trust_report.py --kills 1000 --examples 10000 --json

Counts come from the tests themselves (tests/trust_record.py), so the report says
what actually ran, not what was configured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ["tests/test_faults.py", "tests/test_fuzz.py", "tests/test_network.py", "tests/test_consent_scope.py"]

# Failures the trust tests found, each fixed in the commit that added the test.
FOUND_AND_FIXED = [
    ("consent", "synthesis JSON carried the words of statements withheld for notes-only consent",
     "tests/test_consent_scope.py::test_notes_only_synthesis_json_carries_no_withheld_words"),
    ("redaction", "names whose casefold differs (Weiß, Straße) were not redacted",
     "tests/test_fuzz.py::test_redaction_leaves_no_original_identifier"),
    ("deleted database", "notes kept being written to a deleted or replaced database file and vanished on exit",
     "tests/test_faults.py::test_database_deleted_or_replaced_while_running_refuses_writes_in_one_sentence"),
    ("data folder", "an uncreatable default data folder ended in a traceback",
     "tests/test_faults.py::test_cli_with_an_unwritable_data_folder_says_one_sentence"),
    ("file-size limit", "a write refused by the OS (quota, RLIMIT_FSIZE) said 'disk I/O error' instead of disk full",
     "tests/test_faults.py::test_file_size_limit_mid_session_is_one_sentence_and_keeps_saved_notes"),
]


def run(kills: int, examples: int, docx_examples: int) -> tuple[list[dict], int, float, str]:
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "trust.jsonl"
        env = {**os.environ, "INTERVIEW_TRUST_RECORD": str(record), "INTERVIEW_KILLS": str(kills),
               "INTERVIEW_FUZZ_EXAMPLES": str(examples), "INTERVIEW_FUZZ_DOCX_EXAMPLES": str(docx_examples)}
        started = time.perf_counter()
        # -m "": the slow drills too (the kill drill at full count, the fuzz targets), which the default run leaves out.
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "", *TESTS], cwd=ROOT,
                              env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        rows = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    return rows, done.returncode, seconds, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILL points (default: CI's 200)")
    parser.add_argument("--examples", type=int, default=2000, help="examples per fuzz target (default: CI's 2000)")
    parser.add_argument("--docx-examples", type=int, default=150, help="examples for the Word export target")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args()
    rows, code, seconds, summary = run(args.kills, args.examples, args.docx_examples)
    by_target = {row["target"]: row for row in rows}
    report = {"pytest": summary, "exit_code": code, "seconds": round(seconds, 1), **by_target,
              "found_and_fixed": [{"area": a, "failure": f, "test": t} for a, f, t in FOUND_AND_FIXED]}
    if args.json:
        print(json.dumps(report, indent=2))
        return code
    kill = by_target.get("sigkill", {})
    print(f"Trust tests: {summary} in {seconds:.0f} s (exit {code})\n")
    print("SIGKILL drill")
    print(f"  kill points survived      {kill.get('kill_points', 0)}")
    print(f"  acknowledged writes kept  {kill.get('acknowledged_writes', 0)}")
    print(f"  killed mid-step           {kill.get('killed_mid_step', 0)} "
          f"(landed whole {kill.get('mid_step_landed', 0)}, otherwise not at all)")
    for step, count in sorted(kill.get("killed_during", {}).items(), key=lambda item: -item[1]):
        print(f"    during {step:<12} {count}")
    disk = by_target.get("disk_full", {})
    if disk:
        print(f"  file-size limit: {disk.get('rlimit_notes_acknowledged', 0)} notes kept, then one sentence")
    print("\nFuzzing (examples tried per target)")
    for target, count in by_target.get("fuzz", {}).get("examples", {}).items():
        print(f"  {target:<30} {count}")
    print("\nFailures found and fixed")
    for area, failure, test in FOUND_AND_FIXED:
        print(f"  {area}: {failure}\n    ({test})")
    return code


if __name__ == "__main__":
    sys.exit(main())
