"""Step 1 of the data flow: find a store, read it and validate it.

* :mod:`.read`: finding the store (``--data``, ``$DEZZOR_DATA``, the bundled
  one), reading its bytes, strict JSON, and choosing a reader;
* :mod:`.upgrade`: a schema version 1 document read as version 2 (docs/schema.md), before either reader;
* :mod:`.model`: the pydantic models, the reference reader and the JSON Schema;
* :mod:`.fast`: the msgspec reader, which vouches for a valid store or declines (:mod:`.normaliser`: its
  generated pass over the decoded structs);
* :mod:`.checks`: the cross-record rules both readers share (:mod:`.citations`: those of sources and
  citations);
* :mod:`.database`, :mod:`.tables`, :mod:`.build`, :mod:`.parquet`: a store's DuckDB database, built on
  request beside a large store, its tables and their Parquet export;
* :mod:`.types`: the read-only interface every reader's result offers;
* :mod:`.vocab`: enumerations and constants, without pydantic;
* :mod:`.records`: a loaded record as JSON-ready data.

Nothing here prints: progress and warnings go to callables the caller gives.
This package imports nothing at import time: ``--help`` and the enums the
command line declares need none of it.
"""
