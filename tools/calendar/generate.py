#!/usr/bin/env python3
"""Generate src/Domain/Data/Calendar/<year>.json from the holiday-cn data (NateScarlet/holiday-cn, MIT licence).

Usage: python3 tools/calendar/generate.py [SOURCE_DIR] [TARGET_DIR]
  SOURCE_DIR defaults to /work/shared/data/holiday-cn, TARGET_DIR to src/Domain/Data/Calendar (relative to the repo root).

Each output file keeps the upstream shape (year, papers, days[name, date, isOffDay]) -- the same shape administrators
upload for a new year -- and adds "notice" (the State Council General Office notice number, 国办发明电), "source" and
"license". Years whose upstream file has no days (not yet published, e.g. 2027) are skipped: the domain computes a
provisional calendar for them from the statutory holidays.
"""
import json
import pathlib
import sys

# State Council General Office notices "关于<year>年部分节假日安排的通知" (document numbers of the notices whose
# gov.cn pages are listed in the upstream "papers").
NOTICES = {
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}
SOURCE = "https://github.com/NateScarlet/holiday-cn (copied from /work/shared/data/holiday-cn by tools/calendar/generate.py)"
LICENSE = "MIT License, Copyright (c) 2019 NateScarlet"


def main() -> int:
    repo = pathlib.Path(__file__).resolve().parents[2]
    source_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path("/work/shared/data/holiday-cn")
    target_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else repo / "src/Domain/Data/Calendar"
    target_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(source_dir.glob("[0-9][0-9][0-9][0-9].json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        year = int(data["year"])
        if not data["days"]:
            print(f"{year}: no days published upstream, skipped (provisional)")
            continue
        if year not in NOTICES:
            raise SystemExit(f"{year}: add the notice number to NOTICES first")
        days = sorted(data["days"], key=lambda d: d["date"])
        out = {
            "source": SOURCE,
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
    sys.exit(main())
