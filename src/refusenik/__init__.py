"""refusenik: monitor the prosecution of people who refuse to fight in Russia's war.

Pipeline (data flows one way): courts registry → crawl → archive → parse (sites) →
extract → store → analysis → publish. Official Judicial Department statistics join
at the store.
"""

__version__ = "0.1.0"
