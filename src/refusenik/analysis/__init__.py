"""The numbers: what the store holds, read back and explained.

Today that is the official statistics (`refusenik.analysis.official`); series from crawled
cases, sentence distributions and reconciliation with the official figures belong here too.
"""
