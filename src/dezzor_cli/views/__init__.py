"""Step 5 of the data flow: query results as views, pure data ready for any renderer.

Each ``*_view`` function takes results and returns a :class:`~.model.View`:
the records of the JSON contract beside a body for people (a table, a tree,
headed sections or a chart).  Nothing here draws, prints or reads a terminal.
"""

from .model import BarChart, Body, Column, Lines, Sections, StripChart, Table, Tree, TreeNode, View

__all__ = ["BarChart", "Body", "Column", "Lines", "Sections", "StripChart", "Table", "Tree", "TreeNode", "View"]
