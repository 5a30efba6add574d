"""Official Judicial Department statistics (Forms 10.3, 10.3.1, 10-a, 2017–2024).

`workbook` opens and identifies a form file, `layout` finds its header and maps columns
through the dictionaries, `labels` reads article/part from row labels, `parse` turns a
file into tidy facts, `derive` adds the derived series, `importer` writes them to the
store, `query` reads them back, `cli` exposes `refusenik official …`.
"""
