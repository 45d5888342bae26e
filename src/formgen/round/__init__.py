"""A round: one form sent to one class, read as returns arrive over weeks,
checked by a person where the reader is unsure, and summed up.

:mod:`.store` keeps everything in one SQLite file in the round's folder;
:mod:`.views` rebuilds what the store says now (every output is a view of
it); :mod:`.ops` holds what the ``formgen round`` commands do; :mod:`.web`
serves the review page.
"""
