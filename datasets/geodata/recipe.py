#!/usr/bin/env python3
"""Rebuild datasets/geodata/ from the upstream files named in its SOURCE files.

    python3 datasets/geodata/recipe.py SRC

SRC is a folder laid out as the upstream downloads were kept (SRC/postcodes/, SRC/lsoa/,
SRC/boundaries/, SRC/travel_times/; each file's origin is in the SOURCE file of the folder it
ends up in). Python 3 standard library only; the output is the same byte for byte on every run.
"""

import csv
import gzip
import io
import json
import math
import os
import sys

OUT = os.path.dirname(os.path.abspath(__file__))
AREAS = ["kent", "milton_keynes", "bexley", "hammersmith_fulham", "isle_of_wight"]  # rutland dropped
MAX_KM = 100.0  # unit columns kept: within this crow-fly distance of some kept LSOA centroid
DECIMALS = 5  # boundary and postcode coordinates: 1e-5 degree is about 1.1 m


def haversine_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def write_csv(path, header, rows, gz=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode()
    if gz:
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def lsoa11(src):
    rows = [r for r in csv.DictReader(open(f"{src}/lsoa/lsoa11_areas.csv")) if r["area"] in AREAS]
    cols = ["area", "lsoa11cd", "lsoa11nm", "lad11nm", "pwc_lat", "pwc_lon", "census21_total", "census21_age65plus"]
    write_csv(f"{OUT}/lsoa/lsoa11_areas.csv", cols, [[r[c] for c in cols] for r in rows])
    return rows


def travel_times(src, lsoa_rows):
    centroids = {(r["area"], r["lsoa11nm"]): (float(r["pwc_lat"]), float(r["pwc_lon"])) for r in lsoa_rows}
    units = list(csv.reader(open(f"{src}/travel_times/stroke_unit_coords.csv")))
    at = {u[0]: (float(u[3]), float(u[4])) for u in units[1:]}
    rows = list(csv.reader(open(f"{src}/travel_times/stroke_lsoa_to_stroke_unit_minutes_areas.csv")))
    header, body = rows[0], [r for r in rows[1:] if r[0] in AREAS]
    near = set()
    for r in body:
        c = centroids.get((r[0], r[1]))
        if c is None:
            continue
        near.update(u for u in header[2:] if u in at and haversine_km(c, at[u]) < MAX_KM)
    keep = [0, 1] + [i for i, u in enumerate(header) if i >= 2 and u in near]
    write_csv(
        f"{OUT}/travel_times/stroke_lsoa_to_stroke_unit_minutes_areas.csv",
        [header[i] for i in keep],
        [[r[i] for i in keep] for r in body],
    )
    write_csv(f"{OUT}/travel_times/stroke_unit_coords.csv", units[0], [u for u in units[1:] if u[0] in near])
    return len(body), len(keep) - 2


def census21(src, lad_of):
    rows = [r for r in csv.DictReader(open(f"{src}/lsoa/census2021_lsoa21_age6_areas.csv")) if r["area"] == "kent"]
    out = [[r["lsoa21cd"], r["lsoa21nm"], lad_of[r["lsoa21cd"]], r["total"], r["age_65_plus"]] for r in rows]
    out.sort()
    write_csv(f"{OUT}/lsoa/census2021_lsoa21_kent.csv", ["lsoa21cd", "lsoa21nm", "lad_code", "total", "age_65_plus"], out)
    return len(out)


def round_ring(ring):
    out = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def round_polygon(rings):
    """The polygon with rounded rings; rings that collapse below 4 points (slivers a few metres
    wide) are dropped, and the whole polygon if its outer ring collapses."""
    rings = [round_ring(r) for r in rings]
    if len(rings[0]) < 4:
        return None
    return [r for r in rings if len(r) >= 4]


def round_geometry(g):
    polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    assert g["type"] in ("Polygon", "MultiPolygon"), g["type"]
    kept = [p for p in map(round_polygon, polygons) if p is not None]
    assert kept, "a whole area collapsed"
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def boundaries(src, level, props):
    """Kent County Council area and Medway in one file; `props` maps new names to upstream ones."""
    features = []
    for part in ["kent_county", "medway"]:
        for f in json.load(open(f"{src}/boundaries/{part}_{level}.geojson"))["features"]:
            p = {k: f["properties"][v] for k, v in props.items()}
            features.append({"type": "Feature", "properties": p, "geometry": round_geometry(f["geometry"])})
    features.sort(key=lambda f: f["properties"]["code"])
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    os.makedirs(f"{OUT}/boundaries", exist_ok=True)
    path = f"{OUT}/boundaries/kent_{level}.geojson.gz"
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(text)
    return features


def postcodes(src, lsoa_rows):
    age = {r["lsoa11cd"]: r["census21_age65plus"] for r in lsoa_rows if r["area"] == "kent"}
    rows = [r for r in csv.DictReader(open(f"{src}/postcodes/codepoint_open_2025_kent.csv")) if r["usertype"] == "0"]
    rows.sort(key=lambda r: r["postcode"])
    cols = ["postcode", "lat", "lon", "lad_code", "ward_code", "ward_name", "lsoa11cd", "msoa11cd", "lsoa_age65plus"]
    out = [
        [
            r["postcode"],
            f"{float(r['lat']):.{DECIMALS}f}",
            f"{float(r['lon']):.{DECIMALS}f}",
            r["lad_code"],
            r["ward_code"],
            r["ward_name"],
            r["lsoa11cd"],
            r["msoa11cd"],
            age.get(r["lsoa11cd"], ""),
        ]
        for r in rows
    ]
    write_csv(f"{OUT}/postcodes/kent.csv.gz", cols, out, gz=True)
    return len(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    rows = lsoa11(src)
    print("lsoa11_areas.csv:", len(rows), "rows")
    print("travel times: %d rows, %d unit columns" % travel_times(src, rows))
    wards = boundaries(src, "wards_2025", {"code": "WD25CD", "name": "WD25NM", "lad_code": "LAD25CD", "lad_name": "LAD25NM"})
    lsoa21 = boundaries(src, "lsoa21", {"code": "LSOA21CD", "name": "LSOA21NM", "lad_code": "LADCD_ACTIVE"})
    msoa21 = boundaries(src, "msoa21", {"code": "MSOA21CD", "name": "MSOA21NM", "lad_code": "LADCD_ACTIVE"})
    lsoa11b = boundaries(src, "lsoa11", {"code": "LSOA11CD", "name": "LSOA11NM", "lad_code": "LADCD_ACTIVE"})
    print("boundaries: %d wards, %d LSOA21, %d MSOA21, %d LSOA11" % (len(wards), len(lsoa21), len(msoa21), len(lsoa11b)))
    lad_of = {f["properties"]["code"]: f["properties"]["lad_code"] for f in lsoa21}
    print("census2021_lsoa21_kent.csv:", census21(src, lad_of), "rows")
    print("postcodes/kent.csv.gz:", postcodes(src, rows), "rows")


if __name__ == "__main__":
    main()
