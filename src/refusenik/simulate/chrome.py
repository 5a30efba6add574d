"""The site design around the case module, so that a simulated page weighs what a real one
does (real sudrf pages are 100–380 KB, of which the module is 10–80 KB).

Modelled on the structure of the real court pages, not copied from them: the same regions and
class names (`div.header`, the horizontal and vertical `div.menu` blocks, `div.page.page_decor`
with `div.col.col_left` / `div.col.col_right` / `div.col.col_content`, `div.box.box_common`
holding the module, the mobile `spice` copies of the side columns, `div.footer` with the
visitor counter), and the same kinds of weight: a large inline stylesheet plus the map
widget's `data-ymaps` style blocks, inline scripts, and an inline base64 banner. Every court
gets its own seeded sizes, built once and cached.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from functools import cache
from html import escape

from refusenik.simulate.courts_pick import SimCourt

TOP_MENU = (
    "Главная",
    "Общая информация",
    "Судебное делопроизводство",
    "Обращения граждан",
    "Пресс-служба",
    "Судебная практика",
    "Противодействие коррупции",
    "Кадровое обеспечение",
    "Доступ к информации",
    "Госзакупки",
    "Версия для слабовидящих",
    "Контакты",
    "Карта сайта",
    "Поиск",
)
LEFT_MENU = (
    "Сведения о суде",
    "Руководство суда",
    "Судьи",
    "Аппарат суда",
    "Структура суда",
    "Полномочия суда",
    "Территориальная подсудность",
    "Порядок обжалования судебных актов",
    "График приема граждан",
    "Реквизиты для уплаты государственной пошлины",
    "Образцы документов",
    "Обращения граждан и юридических лиц",
    "Подача документов в электронном виде",
    "Справочная информация",
    "Информация о рассмотрении дел",
    "Публикации в СМИ",
    "Интервью, выступления",
    "Правила поведения в суде",
    "Порядок ознакомления с материалами дел",
    "Вакансии",
    "Антитеррористическая безопасность",
    "Информация для лиц с ограниченными возможностями",
    "Сведения о доходах",
    "Нормативные правовые акты",
    "Статистика",
    "Обобщения судебной практики",
    "Архив",
    "Полезные ссылки",
)
NEWS = (
    "О проведении личного приема граждан председателем суда",
    "Итоги работы суда за отчетный период",
    "О порядке подачи документов в электронном виде",
    "Информация о режиме работы суда в праздничные дни",
    "О проведении совещания судей",
    "Вынесен приговор по уголовному делу",
    "О мерах по обеспечению безопасности в здании суда",
    "Объявление о конкурсе на замещение вакантной должности",
    "Информация для участников судебных процессов",
    "О графике работы канцелярии",
)
_CSS_PROPS = (
    "margin: 0 0 {n}px 0",
    "padding: {n}px {m}px",
    "font-size: {f}px",
    "line-height: {lh}",
    "color: #{c}",
    "background-color: #{c}",
    "border-bottom: 1px solid #{c}",
    "display: inline-block",
    "text-decoration: none",
    "width: {p}%",
    "float: left",
    "position: relative",
    "max-width: {w}px",
)
_DESIGN_CLASSES = (
    "menu",
    "menu__item",
    "menu__link",
    "menu_horizontal",
    "menu_vertical",
    "menu_brown",
    "menu__item_wide",
    "menu__item_iconed",
    "box",
    "box__head",
    "box_common",
    "col",
    "col_left",
    "col_right",
    "col_content",
    "heading",
    "heading_title",
    "heading_caps",
    "page",
    "page_decor",
    "wrapper",
    "footer",
    "counter",
    "spice",
    "spice_assist",
    "spice_adopt",
    "left_blocks",
    "blockall",
    "news",
    "news__date",
    "news__title",
    "address_assist",
)
_YMAPS_PARTS = (
    "map",
    "controls",
    "copyright",
    "balloon",
    "hint",
    "zoom",
    "button",
    "search",
    "route",
    "traffic",
    "layer",
    "placemark",
    "panel",
    "listbox",
    "ground-pane",
    "events-pane",
)


@dataclass(frozen=True)
class Chrome:
    """The design around a page's content: `head` goes inside `<head>`; `top` opens
    `div.page` and, after the side columns, `div.col_content > div.wrapper` (the page
    closes those two after its module box); `bottom` closes `div.page` before the footer."""

    head: str
    top: str
    bottom: str


def _css(rng: random.Random, size: int) -> str:
    """Design rules for the real class names, with the weight of the real inline sheet."""
    out: list[str] = []
    total = 0
    while total < size:
        cls = rng.choice(_DESIGN_CLASSES)
        mod = rng.choice(("", f"_{rng.choice(('m', 'l', 'xl', 'pda'))}", ":hover", " a", " span"))
        props = "; ".join(
            p.format(
                n=rng.randint(0, 30),
                m=rng.randint(0, 30),
                f=rng.randint(10, 22),
                lh=round(rng.uniform(1.0, 1.8), 2),
                c=f"{rng.randrange(0x1000000):06x}",
                p=rng.randint(10, 100),
                w=rng.randint(200, 1400),
            )
            for p in rng.sample(_CSS_PROPS, rng.randint(2, 6))
        )
        rule = f".{cls}{mod} {{ {props}; }}\n"
        out.append(rule)
        total += len(rule)
    return "".join(out)


def _ymaps_css(rng: random.Random, size: int) -> str:
    """The map widget's generated rules (`.ymaps-2-1-79-…`), as district sites carry them."""
    out: list[str] = []
    total = 0
    while total < size:
        name = f"ymaps-2-1-79-{rng.choice(_YMAPS_PARTS)}__{rng.choice(_YMAPS_PARTS)}"
        rule = (
            f".{name}_{rng.randrange(1000):03d}{{position:absolute;z-index:{rng.randint(1, 9999)};"
            f"width:{rng.randint(0, 100)}%;height:{rng.randint(0, 100)}%;"
            f"background:url(data:image/svg+xml;base64,{_noise(rng, rng.randint(30, 90))}) "
            "50% no-repeat}"
        )
        out.append(rule)
        total += len(rule)
    return "".join(out)


def _png_like(rng: random.Random, n: int) -> str:
    """A banner's weight: PNG signature and header chunk, then n bytes of image data."""
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    return base64.b64encode(head + rng.randbytes(n)).decode("ascii")


def _noise(rng: random.Random, n: int) -> str:
    return base64.b64encode(rng.randbytes(n)).decode("ascii")


_BULLET = (
    '<span class="icon icon_bullet-right"><span class="icon__i icon__i1"></span>'
    '<span class="icon__i icon__i2"></span><span class="icon__i icon__i3"></span>'
    '<span class="icon__i icon__i4"></span></span>'
)
_MODULES = {"Судебное делопроизводство": "sud_delo", "Пресс-служба": "press_dep"}


def _menu_items(items: tuple[str, ...], base: str, cls: str) -> str:
    out = []
    for i, label in enumerate(items, 1):
        module = _MODULES.get(label)
        query = f"name={module}" if module else f"name=information&amp;rid={i}"
        out.append(
            f'<div class="menu__item {cls}"><a class="menu__link" href="{base}/modules.php?'
            f'{query}" title="{escape(label)}">{_BULLET}{escape(label).upper()}</a></div>\n'
        )
    return "".join(out)


def _left_column(court: SimCourt, rng: random.Random, base: str) -> str:
    informer = "".join(
        f"<p><b>{escape(k)}:</b> {escape(v)}</p>\n"
        for k, v in (
            (
                "Телефон",
                f"+7 ({rng.randint(300, 999)}) {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            ),
            (
                "Факс",
                f"+7 ({rng.randint(300, 999)}) {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            ),
            ("Электронная почта", f"{court.code.lower()}@sudrf.ru"),
            ("Режим работы", "пн–чт 09:00–18:00, пт 09:00–16:45, обед 13:00–13:45"),
        )
    )
    return (
        '<div class="m-ver_m m-left_m left_blocks"><div class="menu menu_vertical menu_brown">\n'
        + _menu_items(("Судебное делопроизводство", "Пресс-служба", *LEFT_MENU), base, "")
        + '</div></div>\n<div class="m-ver_m m-left_m left_blocks"><div><div>\n'
        + informer
        + "</div></div></div>\n"
    )


def _right_column(court: SimCourt, rng: random.Random, banner: int) -> str:
    return (
        '<div class="m-ver_m m-right_m"><div><a href="https://sudrf.ru/">'
        f'<img alt="ГАС «Правосудие»" width="200" height="{rng.randint(80, 400)}" '
        f'src="data:image/png;base64,{_png_like(rng, banner)}"></a></div></div>\n'
    )


def _news(rng: random.Random, base: str, n: int) -> str:
    items = []
    for i in range(n):
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        title = rng.choice(NEWS)
        items.append(
            f"<div><b>{day:02d}.{month:02d}.2026</b> "
            f'<a href="{base}/modules.php?name=press_dep&amp;op=1&amp;'
            f'did={rng.randint(1, 99999)}">{escape(title)}</a><p>{escape(title)}. Подробнее '
            "на странице пресс-службы суда.</p></div>\n"
        )
        del i
    return '<div class="blockall"><div>\n' + "".join(items) + "</div></div>"


_SCRIPT = """<script type="text/javascript">
	function index(n, count) {
		for (var i = 1; i <= count; i++) {
			var t = document.getElementById('tab' + i), c = document.getElementById('cont' + i);
			if (t) { t.className = (i == n) ? 'sel' : 'nonsel'; }
			if (c) { c.style.display = (i == n) ? 'block' : 'none'; }
		}
	}
	function spiceToggle(mode) {
		var blocks = document.querySelectorAll('.spice_' + mode);
		for (var i = 0; i < blocks.length; i++) { blocks[i].classList.toggle('spice_open'); }
	}
	function fontSize(step) {
		var body = document.getElementsByTagName('body')[0];
		var size = parseInt(window.getComputedStyle(body).fontSize, 10) + step;
		body.style.fontSize = Math.max(10, Math.min(24, size)) + 'px';
	}
</script>
"""


@cache
def chrome(court: SimCourt, base: str) -> Chrome:
    """The court's design, its sizes drawn once from the court code."""
    rng = random.Random(f"chrome:{court.code}")
    css = _css(rng, rng.randint(25_000, 60_000))
    ymaps = "".join(
        f'<style type="text/css" data-ymaps="css-modules">{_ymaps_css(rng, rng.randint(15_000, 45_000))}</style>\n'
        for _ in range(rng.randint(1, 4))
    )
    banner = rng.randint(10_000, 70_000)
    left = _left_column(court, rng, base)
    right = _right_column(court, rng, banner)
    name = escape(court.name)
    head = (
        '   <meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        '   <meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f'   <meta name="description" content="{name}">\n'
        f'<style type="text/css">\n{css}</style>\n{ymaps}{_SCRIPT}'
    )
    top = (
        '<div class="header"><div class="header__left"><img class="arms" src="/images/gerb.png" '
        'alt=""><a href="/">'
        f'<h5 class="heading heading_caps heading_title">{name}</h5></a></div>'
        '<div class="header__right"><ul class="assist_font_size_selector">'
        '<li class="assist_font_size_norm">А</li><li class="assist_font_size_medium">А</li>'
        '<li class="assist_font_size_large">А</li></ul></div>'
        f'<div class="header__content">{name}</div></div>\n'
        f'<div id="address_assist">{name}, <a href="mailto:{court.code.lower()}@sudrf.ru">'
        f"{court.code.lower()}@sudrf.ru</a></div>\n"
        '<div class="menu menu_pad menu_horizontal menu_brown spice spice_assist">\n'
        + _menu_items(TOP_MENU, base, "menu__item_wide")
        + '</div>\n<div class="page page_decor">\n<div class="col col_left">\n'
        + left
        + '</div>\n<div class="col col_right">\n'
        + right
        + '</div>\n<div class="col col_content"><div class="wrapper">\n<div class="row m-all_m">'
        + _news(rng, base, rng.randint(8, 30))
        + "</div>\n"
    )
    bottom = (
        '<div class="row m-all_m spice spice_assist spice_adopt">\n'
        + left
        + right
        + '</div>\n<div class="menu menu_horizontal menu_brown spice spice_adopt">\n'
        + _menu_items(TOP_MENU, base, "")
        + "</div>\n</div>\n"
    )
    return Chrome(head=head, top=top, bottom=bottom)
