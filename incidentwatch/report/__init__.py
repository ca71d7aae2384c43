"""The quarterly report: charts and a map drawn as inline SVG, and (later) the page that holds them.

``charts`` and ``maps`` are pure functions from small typed inputs to an SVG string that works
offline: no fonts, images, scripts or links outside the SVG itself.
"""
