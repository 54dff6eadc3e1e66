"""A run directory on disk: its files (`files`), the one writer (`writer`), the one reader that
yields joined conversations (`reader`), the manifest written when a run starts (`manifest`),
whether a run is whole (`completeness`) and the lock that keeps it to one writer (`lock`). Imports
only bench.core."""
