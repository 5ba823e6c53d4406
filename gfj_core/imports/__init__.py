"""CSV and Excel imports: read the file, validate every row, collect every problem with its row
and column, and write nothing unless there are none.

`common` holds the shared pieces (upload checks, reading CSV or the first sheet of an XLSX,
parsing money, months, dates and booleans, collecting problems); each format has its own module
(`financials`, `funders`, `gifts`, ...) that parses rows into pydantic models and writes them.
"""
