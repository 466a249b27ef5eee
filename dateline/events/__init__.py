"""Events: who did what to whom, when and where, coded in PLOVER and CAMEO from an enriched article.

`dateline.events(article_or_analysis)` is the public function (`analyze.events`). Importing this
package puts the package where the function stood on `dateline`, so the package itself is made
callable and calls the function: `dateline.events(...)` works either way.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ..analyze import events

        return events(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
