#!/usr/bin/env python3
"""Generate src/Domain/Data/Calendar/<year>.json from the holiday-cn data (NateScarlet/holiday-cn, MIT licence).

Usage: python3 tools/calendar/generate.py SOURCE_DIR --release TAG --commit SHA [--target TARGET_DIR]
  SOURCE_DIR  a checkout (or copy) of https://github.com/NateScarlet/holiday-cn at the release named by --release
  --release   the holiday-cn release tag the files come from (e.g. 2026.01.01)
  --commit    the commit of that tag (git -C SOURCE_DIR rev-parse TAG^{commit})
  --target    defaults to src/Domain/Data/Calendar (relative to the repository root)

The data files were last generated from release 2026.01.01, commit 51527f6a20f656f68c34fc3df59890d7defc536b:
  git clone https://github.com/NateScarlet/holiday-cn /tmp/holiday-cn && git -C /tmp/holiday-cn checkout 2026.01.01
  python3 tools/calendar/generate.py /tmp/holiday-cn --release 2026.01.01 --commit 51527f6a20f656f68c34fc3df59890d7defc536b

Each output file keeps the upstream shape (year, papers, days[name, date, isOffDay]) -- the same shape administrators
upload for a new year -- and adds "notice" (the State Council General Office notice number, 国办发明电), "source"
(the upstream dataset with its release and commit, and the notice it transcribes; never a local path) and "license".
Years whose upstream file has no days (not yet published, e.g. 2027) are skipped: the domain computes a provisional
calendar for them from the statutory holidays.
"""
import argparse
import json
import pathlib
import re
import sys

# State Council General Office notices "国务院办公厅关于<year>年部分节假日安排的通知" (document numbers of the notices
# whose gov.cn pages are listed in the upstream "papers").
NOTICES = {
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}
UPSTREAM = "https://github.com/NateScarlet/holiday-cn"
LICENSE = "MIT License, Copyright (c) 2019 NateScarlet"


def source_text(year: int, release: str, commit: str) -> str:
    """Chinese first: the official notice the data transcribes, then the dataset it was taken from."""
    return (f"国务院办公厅关于{year}年部分节假日安排的通知（{NOTICES[year]}）; "
            f"data: holiday-cn release {release} ({UPSTREAM}, commit {commit[:12]})")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", type=pathlib.Path, help="holiday-cn checkout at the release")
    parser.add_argument("--release", required=True, help="holiday-cn release tag, e.g. 2026.01.01")
    parser.add_argument("--commit", required=True, help="full commit hash of that release")
    parser.add_argument("--target", type=pathlib.Path, default=None)
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error("--commit must be a full 40-character commit hash")
    if not args.source_dir.is_dir():
        parser.error(f"{args.source_dir} is not a folder")
    return args


def main(argv: list[str]) -> int:
    args = parse_arguments(argv)
    repo = pathlib.Path(__file__).resolve().parents[2]
    target_dir = args.target or repo / "src/Domain/Data/Calendar"
    target_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.source_dir.glob("[0-9][0-9][0-9][0-9].json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        year = int(data["year"])
        if year < min(NOTICES):
            continue  # before the first year the system serves (the 2021 compendium)
        if not data["days"]:
            print(f"{year}: no days published upstream, skipped (provisional)")
            continue
        if year not in NOTICES:
            raise SystemExit(f"{year}: add the notice number to NOTICES first")
        days = sorted(data["days"], key=lambda d: d["date"])
        out = {
            "source": source_text(year, args.release, args.commit),
            "license": LICENSE,
            "year": year,
            "notice": NOTICES[year],
            "papers": data["papers"],
            "days": [{"name": d["name"], "date": d["date"], "isOffDay": bool(d["isOffDay"])} for d in days],
        }
        target = target_dir / f"{year}.json"
        target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{year}: {len(days)} days -> {target.relative_to(repo) if target.is_relative_to(repo) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
