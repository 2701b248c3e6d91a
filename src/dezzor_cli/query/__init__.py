"""Steps 2 to 4 of the data flow: resolve names and dates, select events, compute.

* :mod:`.names` and :mod:`.dates`: what people type, as ids and spans of days;
* :mod:`.index`: look-ups built once from a store (registries, sides, hierarchy);
* :mod:`.filters`: the user's filters resolved to criteria, and the selection;
* :mod:`.quantities`: counts known within bounds, added honestly;
* :mod:`.tally`: casualty tallies and reconciliation with reported totals;
* :mod:`.control`: control changes and who held what on a day;
* :mod:`.charts`: the data behind the charts (bars, strips).

Every function is a plain function of a loaded store and plain values;
nothing here prints or reads a file.  This package imports nothing at import
time, so a command pays only for the modules it uses.
"""
