"""gunicorn's settings (gunicorn.conf.py at the project's root)."""

import gc
import runpy

from django.conf import settings


def test_workers_are_forked_with_the_loaded_objects_out_of_the_collectors_walks():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
