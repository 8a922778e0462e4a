"""Reference data the app ships: civil-service ranks and Bangladesh's organisations, with
their Bangla names.

Loaded by data migrations on every new database and by `load_reference_data`; loading again
adds what is missing and never overwrites an organiser's renames or Bangla names.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_ranks() -> list[dict]:
    with open(DATA_DIR / "ranks.csv", encoding="utf-8-sig", newline="") as handle:
        return [
            {
                "name": row["rank"].strip(),
                "order": int(row["order"]),
                "audience_band": row["audience_band"].strip(),
                "name_bn": (row.get("name_bn") or "").strip(),
            }
            for row in csv.DictReader(handle)
        ]


def read_organisations() -> list[dict]:
    with open(DATA_DIR / "organisations.csv", encoding="utf-8-sig", newline="") as handle:
        return [
            {
                "name": row["name"].strip(),
                "kind": row["kind"].strip(),
                "parent": row["parent"].strip(),
                "name_bn": (row.get("name_bn") or "").strip(),
            }
            for row in csv.DictReader(handle)
        ]


def load_reference_data(rank_model, organisation_model) -> tuple[int, int]:
    """Create missing ranks and organisations; return how many of each were added.

    Takes the model classes so that a migration can pass its historical models.
    """
    ranks_added = 0
    for row in read_ranks():
        _, created = rank_model.objects.get_or_create(
            name=row["name"],
            defaults={"order": row["order"], "audience_band": row["audience_band"]},
        )
        ranks_added += created
    rows = read_organisations()
    organisations_added = 0
    # Parents first: a division names the ministry it belongs to.
    for row in sorted(rows, key=lambda r: bool(r["parent"])):
        parent = None
        if row["parent"]:
            parent, created = organisation_model.objects.get_or_create(
                name=row["parent"], defaults={"kind": "ministry"}
            )
            organisations_added += created
        _, created = organisation_model.objects.get_or_create(
            name=row["name"], defaults={"kind": row["kind"], "parent": parent}
        )
        organisations_added += created
    return ranks_added, organisations_added


def fill_bangla_names(rank_model, organisation_model) -> int:
    """Give ranks and organisations the Bangla name the reference data has for them where
    theirs is blank; return how many were filled. Takes the model classes, as above."""
    filled = 0
    for model, rows in ((rank_model, read_ranks()), (organisation_model, read_organisations())):
        for row in rows:
            if row["name_bn"]:
                filled += model.objects.filter(name=row["name"], name_bn="").update(
                    name_bn=row["name_bn"]
                )
    return filled
