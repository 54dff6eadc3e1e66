"""A run directory on disk: its files (`files`), the one writer (`writer`), the one reader that
yields joined conversations (`reader`), the manifest written when a run starts (`manifest`) and
whether a run is whole (`completeness`). Imports only bench.core."""
