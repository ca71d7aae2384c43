"""A map of Pakistan and Afghanistan as inline SVG: provinces shaded by deaths, incidents as circles.

``draw_map`` is a pure function: deaths per (country, admin1), incident points and the province
outlines (``incidentwatch.resources.outlines``) in, an ``<svg>`` element out. We project the
outlines ourselves (equirectangular, longitudes scaled by the cosine of the map's middle latitude,
which keeps shapes true to within a few percent between 24 and 38 degrees north) and write the SVG
by hand, so that each province path carries a ``<title>`` with its name and figure. No tiles, no
fonts, no network: labels are ``<text>`` in the reader's own sans-serif font.

Shading is sequential and continuous (square root of deaths over the largest figure, so that a
province with a few deaths is still visibly coloured next to one with hundreds), provinces absent
from the data are light grey, circle areas are proportional to deaths. Article text (incident
labels) is escaped and shortened.

What this is not: it chooses no period and queries nothing; the caller passes the figures.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from matplotlib import colormaps

from ..resources.outlines import Admin1Outline, Admin1Outlines, LonLat, load_outlines
from .charts import format_value
from .svg import escape_attr, inline_svg, shorten, text_width

# Drawing units: the map is WIDTH units wide (an A4 text column at 96 px per inch is about 680).
WIDTH = 800.0
MARGIN = 10.0
TITLE_HEIGHT = 34.0
LEGEND_HEIGHT = 78.0
NO_DATA_FILL = "#e3e3e3"
BORDER = "#ffffff"  # between provinces
OUTER_BORDER = "#4d4d4d"  # international borders and coasts
COLOURMAP = "YlOrRd"
# The lightest colour used for data: 0 would be almost white, too close to "no data".
SHADE_FROM = 0.12
POINT_FILL = "#1f78b4"  # blue: stands out on the whole yellow-to-red scale
POINT_MIN_R = 3.5
POINT_MAX_R = 15.0
LABEL_FONT = 10.0
LABEL_MIN_FONT = 7.5
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
POINT_LABEL_CHARS = 120


@dataclass(frozen=True)
class IncidentPoint:
    """An incident to draw: where (degrees), its deaths, and a label (may be article text)."""

    lat: float
    lon: float
    deaths: int
    label: str

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)) or not (-90 <= self.lat <= 90):
            raise ValueError(f"incident {self.label!r}: bad coordinates ({self.lat}, {self.lon})")
        if self.deaths < 0:
            raise ValueError(f"incident {self.label!r}: deaths must be >= 0, got {self.deaths}")


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x grows east, y grows south, both in drawing units."""

    lon0: float
    lat_top: float
    scale: float  # drawing units per degree of latitude
    cos_lat: float
    x_offset: float
    y_offset: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.x_offset + (lon - self.lon0) * self.cos_lat * self.scale,
                self.y_offset + (self.lat_top - lat) * self.scale)


def fit_projection(outlines: Sequence[Admin1Outline], *, width: float, top: float) -> tuple[Projection, float]:
    """The projection that fits ``outlines`` into ``width`` units, and the height it then takes."""
    boxes = [o.bbox for o in outlines]
    lon_min, lat_min = min(b[0] for b in boxes), min(b[1] for b in boxes)
    lon_max, lat_max = max(b[2] for b in boxes), max(b[3] for b in boxes)
    cos_lat = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = (width - 2 * MARGIN) / ((lon_max - lon_min) * cos_lat)
    projection = Projection(lon0=lon_min, lat_top=lat_max, scale=scale, cos_lat=cos_lat, x_offset=MARGIN,
                            y_offset=top)
    return projection, (lat_max - lat_min) * scale


def shade(value: float, largest: float) -> str:
    """The fill for ``value`` on a scale whose darkest colour is ``largest`` (a hex colour)."""
    fraction = 0.0 if largest <= 0 else math.sqrt(max(0.0, min(value, largest)) / largest)
    r, g, b, _ = colormaps[COLOURMAP](SHADE_FROM + (1 - SHADE_FROM) * fraction)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def point_radius(deaths: int, largest: int) -> float:
    """Circle radius with area proportional to deaths; never below ``POINT_MIN_R``."""
    if largest <= 0:
        return POINT_MIN_R
    return max(POINT_MIN_R, POINT_MAX_R * math.sqrt(deaths / largest))


@functools.lru_cache(maxsize=128)
def label_point(outline: Admin1Outline) -> tuple[LonLat, float]:
    """A point well inside the outline's largest polygon, and its distance to the edge (degrees).

    A coarse search for the point farthest from every edge (the "pole of inaccessibility"), refined
    twice around the best cell: good enough to place a label, a few milliseconds per province.
    """
    polygon = max(outline.polygons, key=lambda p: _ring_area(p.exterior))
    xs = [x for x, _ in polygon.exterior]
    ys = [y for _, y in polygon.exterior]
    cos_lat = math.cos(math.radians((min(ys) + max(ys)) / 2))
    edges = list(zip(polygon.exterior, polygon.exterior[1:], strict=False))

    def clearance(x: float, y: float) -> float:
        if not polygon.contains(x, y):
            return -1.0
        return min(_edge_distance(x, y, a, b, cos_lat) for a, b in edges)

    best = ((sum(xs) / len(xs), sum(ys) / len(ys)), -1.0)
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    steps = 14
    for _round in range(3):
        dx, dy = (x1 - x0) / steps, (y1 - y0) / steps
        for i in range(steps + 1):
            for j in range(steps + 1):
                x, y = x0 + i * dx, y0 + j * dy
                c = clearance(x, y)
                if c > best[1]:
                    best = ((x, y), c)
        (bx, by), _ = best
        x0, x1, y0, y1 = bx - 2 * dx, bx + 2 * dx, by - 2 * dy, by + 2 * dy
        steps = 8
    return best[0], max(best[1], 0.0)


def _ring_area(ring: Sequence[LonLat]) -> float:
    return abs(sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))) / 2


def _edge_distance(x: float, y: float, a: LonLat, b: LonLat, cos_lat: float) -> float:
    px, py = (x - a[0]) * cos_lat, y - a[1]
    dx, dy = (b[0] - a[0]) * cos_lat, b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, (px * dx + py * dy) / length2))
    return math.hypot(px - t * dx, py - t * dy)


def _path(rings: Sequence[Sequence[LonLat]], project: Projection) -> str:
    parts = []
    for ring in rings:
        points = [project(x, y) for x, y in ring[:-1]]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _outer_edges(outlines: Sequence[Admin1Outline]) -> list[tuple[LonLat, LonLat]]:
    """Edges on an international border or coast: held by one province only, or by provinces of two
    countries (the outlines share borders vertex for vertex, see scripts/build_outlines.py)."""
    holders: dict[frozenset[LonLat], set[str]] = {}
    count: Counter[frozenset[LonLat]] = Counter()
    for o in outlines:
        for ring in o.rings:
            for a, b in zip(ring, ring[1:], strict=False):
                key = frozenset((a, b))
                count[key] += 1
                holders.setdefault(key, set()).add(o.country)
    return [tuple(sorted(k)) for k in count if count[k] == 1 or len(holders[k]) > 1]  # type: ignore[misc]


def _round_nicely(value: float) -> int:
    """``value`` rounded down to 1, 2, 2.5 or 5 times a power of ten (at least 1)."""
    if value < 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    return int(max(m * magnitude for m in (1, 2, 2.5, 5) if m * magnitude <= value))


def legend_ticks(largest: float) -> list[int]:
    """0, the largest figure, and round values spread evenly along the square-root colour scale."""
    if largest <= 0:
        return [0]
    ticks = {0, round(largest)}
    for k in (1, 2, 3):
        ticks.add(_round_nicely(largest * (k / 4) ** 2))
    kept = sorted(t for t in ticks if t <= largest)
    # Drop a round value crowding the largest one's label on the bar.
    return [t for t in kept if t == kept[-1] or math.sqrt(t / largest) < 0.88]


def draw_map(
    deaths: Mapping[tuple[str, str], int],
    points: Sequence[IncidentPoint] = (),
    *,
    outlines: Admin1Outlines | None = None,
    title: str = "Deaths by province",
) -> str:
    """The map as an inline ``<svg>`` element.

    Args:
        deaths: deaths per (country code, admin1 name as the gazetteer spells it); a province
            absent from the mapping is drawn as "no data".
        points: incidents drawn as circles sized by deaths (those outside the map's extent are
            not drawn).
        outlines: the province outlines; the bundled ones by default.
        title: drawn above the map.

    Raises:
        ValueError: a key of ``deaths`` names no outline, or a figure is negative.
    """
    if outlines is None:
        outlines = load_outlines()
    shapes = {(o.country, o.admin1): o for o in outlines.outlines}
    for key, value in deaths.items():
        if key not in shapes:
            raise ValueError(f"deaths given for {key[0]} {key[1]!r}, which has no outline")
        if value < 0:
            raise ValueError(f"deaths for {key[0]} {key[1]!r} must be >= 0, got {value}")
    ordered = sorted(shapes.values(), key=lambda o: (o.country, o.admin1))
    project, map_height = fit_projection(ordered, width=WIDTH, top=TITLE_HEIGHT)
    height = TITLE_HEIGHT + map_height + LEGEND_HEIGHT
    largest = max(deaths.values(), default=0)

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}">',
        f'<rect width="{WIDTH:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="22" font-family="{FONT_FAMILY}" font-size="15" font-weight="bold" '
        f'fill="#222222">{escape(shorten(title, 90))}</text>',
        '<g class="provinces" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">',
    ]
    fills: dict[tuple[str, str], str] = {}
    for o in ordered:
        toll = deaths.get((o.country, o.admin1))
        fill = fills[(o.country, o.admin1)] = NO_DATA_FILL if toll is None else shade(toll, largest)
        figure = "no data" if toll is None else f"{format_value(toll)} deaths"
        out.append(f'<path d="{_path(o.rings, project)}" fill="{fill}" data-admin1="{escape_attr(o.admin1)}" '
                   f'data-country="{o.country}"><title>{escape(o.admin1)} ({o.country}): {figure}</title></path>')
    out.append("</g>")
    segments = "".join(
        "M{:.1f},{:.1f}L{:.1f},{:.1f}".format(*project(*a), *project(*b)) for a, b in _outer_edges(ordered)
    )
    out.append(f'<path d="{segments}" fill="none" stroke="{OUTER_BORDER}" stroke-width="1.1" '
               f'stroke-linecap="round"/>')
    labels, codes = _province_labels(ordered, fills, project)
    out.append(_incident_circles(points, project, height=TITLE_HEIGHT + map_height))
    out.append(labels)  # names above circles: a circle may hide part of a province, never its name
    out.append(_legend(largest, points, codes, top=TITLE_HEIGHT + map_height + 8))
    out.append("</svg>")
    description = "; ".join(
        f"{o.admin1}: {format_value(deaths[(o.country, o.admin1)])}"
        for o in sorted(ordered, key=lambda o: -deaths.get((o.country, o.admin1), -1))
        if (o.country, o.admin1) in deaths
    )
    return inline_svg("".join(out), title=title,
                      description=f"Deaths by province: {description or 'no data'}; {len(points)} incidents drawn as circles")


@dataclass(frozen=True)
class _Label:
    lines: tuple[str, ...]
    size: float
    code: str | None  # an abbreviation drawn instead of the name, explained in the legend


def fit_label(name: str, *, code: str | None, room: float) -> _Label:
    """The name in the largest font from LABEL_FONT down to LABEL_MIN_FONT that fits ``room``
    units, on one line or two; else the abbreviation ``code`` (explained in the legend)."""
    candidates: list[tuple[str, ...]] = [(name,)]
    words = name.split()
    if len(words) > 1:
        half = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
        candidates.append((" ".join(words[:half]), " ".join(words[half:])))
    size = LABEL_FONT
    while size >= LABEL_MIN_FONT:
        for lines in candidates:
            if max(text_width(line, size) for line in lines) <= room:
                return _Label(lines=lines, size=size, code=None)
        size -= 0.5
    if code:
        return _Label(lines=(code,), size=LABEL_MIN_FONT, code=code)
    return _Label(lines=candidates[-1], size=LABEL_MIN_FONT, code=None)


def _is_dark(fill: str) -> bool:
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.38


def _province_labels(outlines: Sequence[Admin1Outline], fills: Mapping[tuple[str, str], str],
                     project: Projection) -> tuple[str, list[tuple[str, str]]]:
    """Each province's name at its label point (dark text with a white halo, or white text on a dark
    fill), and the (abbreviation, name) pairs used where no name fits."""
    out = [f'<g class="labels" font-family="{FONT_FAMILY}" text-anchor="middle" paint-order="stroke" '
           'stroke-width="2.2" stroke-linejoin="round">']
    codes: list[tuple[str, str]] = []
    for o in outlines:
        (lon, lat), room_deg = label_point(o)
        x, y = project(lon, lat)
        room = 2 * room_deg * project.scale * 1.6  # a label may run a little past the inscribed circle
        code = o.iso3166_2.split("-", 1)[-1] if o.iso3166_2 else None
        label = fit_label(o.admin1, code=code, room=room)
        if label.code:
            codes.append((label.code, o.admin1))
        colours = ('fill="#ffffff" stroke="#000000" stroke-opacity="0.35"' if _is_dark(fills[(o.country, o.admin1)])
                   else 'fill="#1a1a1a" stroke="#ffffff" stroke-opacity="0.75"')
        first = y + label.size * 0.35 - (len(label.lines) - 1) * label.size * 0.55
        for k, line in enumerate(label.lines):
            out.append(f'<text x="{x:.1f}" y="{first + k * label.size * 1.1:.1f}" font-size="{label.size:g}" '
                       f'{colours}>{escape(line)}</text>')
    out.append("</g>")
    return "".join(out), codes


def _incident_circles(points: Sequence[IncidentPoint], project: Projection, *, height: float) -> str:
    largest = max((p.deaths for p in points), default=0)
    out = [f'<g class="incidents" fill="{POINT_FILL}" fill-opacity="0.7" stroke="#ffffff" stroke-width="1">']
    # Largest first, so that small circles stay visible on top of large ones.
    for p in sorted(points, key=lambda p: (-p.deaths, p.lat, p.lon, p.label)):
        x, y = project(p.lon, p.lat)
        if not (0 <= x <= WIDTH and TITLE_HEIGHT <= y <= height):
            continue
        deaths = f"{format_value(p.deaths)} death{'s' if p.deaths != 1 else ''}"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{point_radius(p.deaths, largest):.1f}">'
                   f'<title>{escape(shorten(p.label, POINT_LABEL_CHARS))}: {deaths}</title></circle>')
    out.append("</g>")
    return "".join(out)


def _legend(largest: int, points: Sequence[IncidentPoint], codes: Sequence[tuple[str, str]], *, top: float) -> str:
    """Colour bar (0 to the largest figure, square-root scale), the no-data swatch, circle sizes,
    and the abbreviations used for provinces too small for their names."""
    text = f'font-family="{FONT_FAMILY}" font-size="10" fill="#333333"'
    bar_x, bar_w, bar_h = MARGIN, 260.0, 12.0
    out = ['<g class="legend">', f'<text x="{bar_x}" y="{top + 10:.1f}" {text}>Deaths per province</text>']
    if largest > 0:
        stops = "".join(
            f'<stop offset="{k / 16:.4f}" stop-color="{shade(largest * (k / 16) ** 2, largest)}"/>' for k in range(17)
        )
        out.append(f'<defs><linearGradient id="shade">{stops}</linearGradient></defs>')
        out.append(f'<rect x="{bar_x}" y="{top + 16:.1f}" width="{bar_w}" height="{bar_h}" fill="url(#shade)" '
                   'stroke="#999999" stroke-width="0.5"/>')
        for tick in legend_ticks(largest):
            tx = bar_x + bar_w * math.sqrt(tick / largest)
            out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top + 16 + bar_h:.1f}" y2="{top + 20 + bar_h:.1f}" '
                       'stroke="#555555" stroke-width="0.8"/>')
            out.append(f'<text x="{tx:.1f}" y="{top + 31 + bar_h:.1f}" text-anchor="middle" {text}>'
                       f'{format_value(tick)}</text>')
    swatch_x = bar_x + bar_w + 24
    out.append(f'<rect x="{swatch_x:.1f}" y="{top + 16:.1f}" width="18" height="{bar_h}" fill="{NO_DATA_FILL}" '
               'stroke="#999999" stroke-width="0.5"/>')
    out.append(f'<text x="{swatch_x + 24:.1f}" y="{top + 26:.1f}" {text}>no data</text>')
    largest_point = max((p.deaths for p in points), default=0)
    if points:
        cx = swatch_x + 110
        out.append(f'<text x="{cx:.1f}" y="{top + 10:.1f}" {text}>Incidents, circle area by deaths</text>')
        values = sorted({v for v in (largest_point, round(largest_point / 4), 1) if v > 0}, reverse=True) or [0]
        x = cx + POINT_MAX_R
        for v in values:
            r = point_radius(v, largest_point)
            out.append(f'<circle cx="{x:.1f}" cy="{top + 34 - r + POINT_MAX_R:.1f}" r="{r:.1f}" fill="{POINT_FILL}" '
                       'fill-opacity="0.7" stroke="#ffffff" stroke-width="1"/>')
            out.append(f'<text x="{x + r + 4:.1f}" y="{top + 38 + POINT_MAX_R - r:.1f}" {text}>{format_value(v)}</text>')
            x += 2 * r + 14 + text_width(format_value(v), 10)
    if codes:
        key = " · ".join(f"{code} {name}" for code, name in sorted(codes))
        out.append(f'<text x="{bar_x}" y="{top + 64:.1f}" {text}>{escape(key)}</text>')
    out.append("</g>")
    return "".join(out)
