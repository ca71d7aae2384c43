"""The dashboard's map: province outlines from the package (``resources/outlines.py``) shaded by
deaths, and the incidents as circles, drawn as SVG in Web Mercator so that map tiles, when
configured (``tiles_url``), line up underneath. Works offline: without tiles nothing is
fetched from anywhere."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

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
    title: str  # "Bannu, Khyber Pakhtunkhwa: 3 incidents, 12 killed"
    href: str | None = None  # the incidents there


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LegendStep:
    fill_class: str
    text: str  # "1-20 killed"


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
    labels: list[Label] = field(default_factory=list)  # the provinces with deaths, at their centre
    legend: list[LegendStep] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _base() -> tuple[Frame, tuple[tuple[str, str, str, tuple[float, float]], ...]]:
    """The frame fitting every outline, and each outline's path and the centre of its largest
    ring, where its label goes (computed once per process)."""
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
        largest = max(o.rings, key=len)
        cx = sum(lon for lon, _ in largest) / len(largest)
        cy = sum(lat for _, lat in largest) / len(largest)
        paths.append((o.country, o.admin1, " ".join(parts), frame(cx, cy)))
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


def legend(largest: int) -> list[LegendStep]:
    """What each shade means: the range of deaths ``_level`` gives each shade for this largest count."""
    steps = [LegendStep("s0", "none")]
    for k in range(5):  # _level is 1 + int(5 * deaths / (largest + 1)), capped at 5
        low = max(1, -(-k * (largest + 1) // 5))
        high = largest if k == 4 else -(-(k + 1) * (largest + 1) // 5) - 1
        if low <= min(high, largest):
            high = min(high, largest)
            steps.append(LegendStep(f"s{k + 1}", f"{low}" if low == high else f"{low}–{high}"))
    return steps


def _level(deaths: int, largest: int) -> int:
    return 0 if not deaths or not largest else 1 + min(4, int(5 * deaths / (largest + 1)))


def build_map(*, deaths_by_province: dict[str, int], points: list, tiles_url: str | None,
              link: Callable[[str | None, str | None], str | None] | None = None) -> MapView:
    """The map of a selection. ``points`` are ``queries.MapPoint`` clusters (or (lat, lon,
    incidents, killed) tuples); ``link(district, province)`` makes a circle open the incidents
    there."""
    frame, paths = _base()
    largest = max(deaths_by_province.values(), default=0)
    shapes, labels = [], []
    for country, province, path, centre in paths:
        deaths = deaths_by_province.get(province, 0)
        shapes.append(Shape(country=country, province=province, path=path, fill_class=f"s{_level(deaths, largest)}",
                            deaths=deaths))
        if deaths:
            labels.append(Label(x=centre[0], y=centre[1], text=province))
    clusters = [p if hasattr(p, "lat") else _Point(*p) for p in points]
    most = max((p.killed for p in clusters), default=0) or 1
    dots = []
    for p in clusters:
        x, y = frame(p.lon, p.lat)
        if not (0 <= x <= frame.width and 0 <= y <= frame.height):
            continue
        r = 2.5 + 9 * math.sqrt(p.killed / most)
        where = ", ".join(dict.fromkeys(n for n in (p.place, p.district, p.province) if n))
        counts = f"{p.incidents} incident{'s' if p.incidents != 1 else ''}, {p.killed} killed"
        dots.append(Dot(x=x, y=y, r=round(r, 1), title=f"{where}: {counts}" if where else counts,
                        href=link(p.district, p.province) if link and (p.district or p.province) else None))
    return MapView(width=frame.width, height=frame.height, shapes=shapes, dots=dots,
                   tiles=_tiles(frame, tiles_url) if tiles_url else [], labels=labels, legend=legend(largest))


@dataclass(frozen=True)
class _Point:
    lat: float
    lon: float
    incidents: int
    killed: int
    place: str | None = None
    district: str | None = None
    province: str | None = None
