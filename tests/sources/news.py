"""Articles, feeds and pages for the source tests, written for this project in the style of
Pakistani English-language news. The places are real; the events, names and figures are not."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

LAKKI_MARWAT = (
    "Four policemen martyred in Lakki Marwat attack",
    "2024-06-03",
    [
        "LAKKI MARWAT: Four policemen were martyred and two others injured when unidentified "
        "militants attacked a police patrol on the Lakki-Bannu road in Lakki Marwat district on "
        "Monday morning, police said.",
        "District Police Officer Nadeem Akhtar told reporters that the assailants, who were riding "
        "motorcycles, opened fire on the patrol vehicle near Tajori and fled towards the nearby "
        "hills. The injured were shifted to the district headquarters hospital.",
        "No group claimed responsibility for the attack. A search operation was launched in the "
        "area and the Khyber Pakhtunkhwa inspector general of police sought a report.",
    ],
)

KECH = (
    "Two Levies personnel killed in Kech roadside blast",
    "2024-06-05",
    [
        "TURBAT: Two Levies personnel were killed and one injured when a roadside bomb struck "
        "their vehicle in the Buleda area of Kech district on Wednesday, officials said.",
        "Deputy Commissioner Kech said the improvised explosive device had been planted along the "
        "road and was detonated by remote control as the vehicle passed. The injured man was "
        "taken to Turbat Teaching Hospital.",
        "The banned Balochistan Liberation Front claimed responsibility for the blast.",
    ],
)

DERA_ISMAIL_KHAN = (
    "CTD kills three terrorists in Dera Ismail Khan raid",
    "2024-06-06",
    [
        "DERA ISMAIL KHAN: The Counter Terrorism Department killed three terrorists in an "
        "intelligence-based operation in the Kulachi tehsil of Dera Ismail Khan district on "
        "Thursday night, a CTD spokesperson said.",
        "The spokesperson said the militants opened fire when the CTD team surrounded a compound, "
        "and were killed in the exchange of fire. Weapons and explosives were recovered from "
        "their hideout.",
    ],
)

QUETTA = (
    "Three injured as grenade hurled at shop in Quetta",
    "2024-06-07",
    [
        "QUETTA: Three people were injured when unknown men hurled a hand grenade at a mobile "
        "phone shop on Jinnah Road in Quetta on Friday evening, police said.",
        "The injured, including a shopkeeper, were taken to the Civil Hospital Quetta, where "
        "doctors said their condition was out of danger. Police cordoned off the area and "
        "collected evidence from the site.",
    ],
)

BAJAUR = (
    "Cleric shot dead in Bajaur",
    "2024-06-08",
    [
        "KHAR: A prayer leader was shot dead by unidentified gunmen in the Mamund tehsil of Bajaur "
        "district on Saturday, police said.",
        "The police said the cleric was on his way home after the evening prayers when two men on "
        "a motorcycle opened fire on him. He died on the spot. The attackers escaped.",
    ],
)

NORTH_WAZIRISTAN = (
    "Soldier martyred in North Waziristan exchange of fire",
    "2024-06-09",
    [
        "RAWALPINDI: A soldier was martyred and two terrorists were killed in an exchange of fire "
        "in the Mir Ali area of North Waziristan district on Sunday, the military's media wing "
        "said.",
        "According to the ISPR, security forces carried out an operation on the reported presence "
        "of terrorists, and a sanitisation operation was being carried out to eliminate any "
        "other terrorists in the area.",
    ],
)


def html_page(article: tuple[str, str, list[str]], *, outlet: str = "The Frontier Post") -> str:
    """A news page: header, menu, the article with its date, a footer."""
    title, published, paragraphs = article
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)} | {escape(outlet)}</title>"
        f"<meta property='article:published_time' content='{published}T09:30:00+05:00'></head>"
        f"<body><header><nav><a href='/'>Home</a> <a href='/pakistan'>Pakistan</a></nav></header>"
        f"<article><h1>{escape(title)}</h1><time datetime='{published}'>{published}</time>{body}</article>"
        "<footer>Copyright 2024. All rights reserved.</footer></body></html>"
    )


def rss_feed(articles: list[tuple[str, str, list[str]]], *, base: str, outlet: str = "Balochistan Times") -> str:
    """An RSS 2.0 feed whose items carry their whole text in content:encoded."""
    pkt = timezone(timedelta(hours=5))
    items = []
    for n, (title, published, paragraphs) in enumerate(articles, start=1):
        # 01:15 in Pakistan is the evening before in UTC: the entry's date must be the local one
        when = format_datetime(datetime.fromisoformat(published).replace(hour=1, minute=15, tzinfo=pkt))
        html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        items.append(
            f"<item><title>{escape(title)}</title><link>{base}/news/{n}</link><guid>{base}/news/{n}</guid>"
            f"<pubDate>{when}</pubDate><description>{escape(paragraphs[0])}</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(outlet)}</title><link>{base}/</link><description>Latest news</description>"
        + "".join(items) + "</channel></rss>"
    )


def atom_feed(articles: list[tuple[str, str, list[str]]], *, base: str, outlet: str = "Quetta Voice") -> str:
    """An Atom feed with relative links and HTML content."""
    entries = []
    for n, (title, published, paragraphs) in enumerate(articles, start=1):
        html = escape("".join(f"<p>{escape(p)}</p>" for p in paragraphs))
        entries.append(
            f"<entry><title>{escape(title)}</title><link href='/story/{n}'/><id>tag:quetta-voice,2024:{n}</id>"
            f"<updated>{published}T20:00:00+05:00</updated><content type='html'>{html}</content></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(outlet)}</title><id>{base}/</id><updated>2024-06-07T20:00:00Z</updated>"
        + "".join(entries) + "</feed>"
    )


def write_warc(path, pages: list[tuple[str, str]], *, gzip: bool) -> None:  # noqa: ANN001 - a Path
    """A WARC file as a crawler writes it: warcinfo, then for each (url, html) a request and a
    response record, and one image response that is no article."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "incidentwatch tests"}))

        def response(url: str, body: bytes, content_type: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            # lengths given, so warcio needs no temporary file to measure the payloads
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                                          http_headers=request))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                          http_headers=headers))

        for url, html in pages:
            response(url, html.encode("utf-8"), "text/html; charset=utf-8")
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
