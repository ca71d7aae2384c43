"""The dashboard's map: province outlines from the package (``resources/outlines.py``) shaded by
deaths, and the incidents as circles, drawn as SVG in Web Mercator so that map tiles, when
configured (``tiles_url``), line up underneath. Works offline: without tiles nothing is
fetched from anywhere."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from ..resources.outlines import load_outlines

WIDTH = 560
TILE_ZOOM = 5


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """World pixel coordinates at zoom 0 (256 px wide), y down."""
    lat = max(-85.0, min(85.0, lat))
    x = (lon + 180.0) / 360.0 * 256
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * 256
    return x, y


@dataclass(frozen=True)
class Frame:
    x0: float
    y0: float
    scale: float
    width: int
    height: int

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _mercator(lon, lat)
        return round((x - self.x0) * self.scale, 1), round((y - self.y0) * self.scale, 1)


@dataclass(frozen=True)
class Shape:
    country: str
    province: str
    path: str
    fill_class: str  # "s0".."s5": darker with more deaths
    deaths: int


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    title: str


@dataclass(frozen=True)
class TileImage:
    href: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class MapView:
    width: int
    height: int
    shapes: list[Shape]
    dots: list[Dot]
    tiles: list[TileImage]


@functools.lru_cache(maxsize=1)
def _base() -> tuple[Frame, tuple[tuple[str, str, str], ...]]:
    """The frame fitting every outline, and each outline's path (computed once per process)."""
    outlines = load_outlines().outlines
    points = [_mercator(lon, lat) for o in outlines for ring in o.rings for lon, lat in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    scale = WIDTH / (max(xs) - min(xs))
    frame = Frame(x0=min(xs), y0=min(ys), scale=scale, width=WIDTH, height=math.ceil((max(ys) - min(ys)) * scale))
    paths = []
    for o in outlines:
        parts = []
        for ring in o.rings:
            step = max(1, len(ring) // 300)  # ~300 points a ring is plenty at this size
            coords = [frame(lon, lat) for lon, lat in ring[::step]]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in coords) + " Z")
        paths.append((o.country, o.admin1, " ".join(parts)))
    return frame, tuple(paths)


def _tiles(frame: Frame, template: str) -> list[TileImage]:
    n = 2**TILE_ZOOM
    size = 256 / n  # one tile in zoom-0 pixels
    out = []
    for tx in range(int(frame.x0 // size), int((frame.x0 + frame.width / frame.scale) // size) + 1):
        for ty in range(int(frame.y0 // size), int((frame.y0 + frame.height / frame.scale) // size) + 1):
            href = template.replace("{z}", str(TILE_ZOOM)).replace("{x}", str(tx)).replace("{y}", str(ty))
            out.append(TileImage(href=href, x=round((tx * size - frame.x0) * frame.scale, 1),
                                 y=round((ty * size - frame.y0) * frame.scale, 1), size=round(size * frame.scale, 1)))
    return out


def build_map(*, deaths_by_province: dict[str, int], points: list[tuple[float, float, int, int]],
              tiles_url: str | None) -> MapView:
    """The map of a selection: ``points`` are (lat, lon, incidents, killed) clusters."""
    frame, paths = _base()
    largest = max(deaths_by_province.values(), default=0)
    shapes = []
    for country, province, path in paths:
        deaths = deaths_by_province.get(province, 0)
        level = 0 if not deaths or not largest else 1 + min(4, int(5 * deaths / (largest + 1)))
        shapes.append(Shape(country=country, province=province, path=path, fill_class=f"s{level}", deaths=deaths))
    most = max((k for _, _, _, k in points), default=0) or 1
    dots = []
    for lat, lon, incidents, killed in points:
        x, y = frame(lon, lat)
        if not (0 <= x <= frame.width and 0 <= y <= frame.height):
            continue
        r = 2.5 + 9 * math.sqrt(killed / most)
        dots.append(Dot(x=x, y=y, r=round(r, 1), title=f"{incidents} incident{'s' if incidents != 1 else ''}, {killed} killed"))
    return MapView(width=frame.width, height=frame.height, shapes=shapes, dots=dots,
                   tiles=_tiles(frame, tiles_url) if tiles_url else [])
