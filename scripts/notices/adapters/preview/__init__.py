"""``notices serve``: the site on this computer, redrawn as the legal team saves (see :mod:`.session`)."""
