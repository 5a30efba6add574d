"""The crawl: ask the court sites for listings, cards and acts, politely, raw first.

`plan` turns the user's choice (courts, articles, window) into searches; `spider` is the
Scrapy spider that walks them; `politeness` holds the settings and the middleware that keep
one request at a time per court and back off when a court says so; `status` is the
per-court verdict of a run; `run` runs a crawl in-process into a sink.
"""
